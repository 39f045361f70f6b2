import type * as LogsSdk from "@aws-sdk/client-cloudwatch-logs";
import type { LogsPort } from "../deployers/service-logs.js";
import { withAwsFailures } from "./aws-failure.js";
import { clientConfig, type AwsSettings } from "./settings.js";

/** FilterLogEvents over the SDK: one client for the whole command, loaded on first use. */
export function cloudWatchLogsPort(settings: AwsSettings): LogsPort {
  let client: Promise<{ sdk: typeof LogsSdk; logs: LogsSdk.CloudWatchLogsClient }> | undefined;
  const connect = () =>
    (client ??= import("@aws-sdk/client-cloudwatch-logs").then((sdk) => ({
      sdk,
      logs: new sdk.CloudWatchLogsClient(clientConfig(settings)),
    })));
  return withAwsFailures("CloudWatch Logs", {
    async filterLogEvents(request) {
      const { sdk, logs } = await connect();
      const { logGroupName, startTime, logStreamNames, filterPattern, nextToken } = request;
      const page = await logs.send(
        new sdk.FilterLogEventsCommand({
          logGroupName,
          startTime,
          ...(logStreamNames ? { logStreamNames } : {}),
          ...(filterPattern !== undefined ? { filterPattern } : {}),
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      const events = (page.events ?? []).flatMap(({ eventId, timestamp, logStreamName, message }) =>
        eventId && timestamp !== undefined
          ? [{ eventId, timestamp, logStreamName: logStreamName ?? "", message: message ?? "" }]
          : [],
      );
      return { events, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
    },
  });
}
