// An Application Load Balancer takes at most 100 target groups, a quota AWS does not raise
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html),
// and ECS blue/green releases need two per service (docs/architecture.md), so one load
// balancer serves at most 50 web services (their 100 listener rules fit its default quota too).
export const WEB_SERVICES_PER_LOAD_BALANCER = 50;
