/**
 * The release alarms of a web service (templates/web-service.yml), which ECS watches until
 * the bake ends. Load balancer metrics come once a minute; an alarm needs ALARM_DATAPOINTS
 * of them in a row, and CloudWatch sees a minute's datapoint about a minute after it ends
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html).
 * A bake shorter than that ends the release before an alarm could roll it back.
 */
export const ALARM_PERIOD_SECONDS = 60;
export const ALARM_DATAPOINTS = 2;
const METRIC_DELAY_SECONDS = 60;

export const ALARM_REACTION_SECONDS = ALARM_PERIOD_SECONDS * ALARM_DATAPOINTS + METRIC_DELAY_SECONDS;
