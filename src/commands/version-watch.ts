import type { AwsSettings } from "../aws/settings.js";
import type { Manifest } from "../manifest/types.js";
import type { DeployView } from "../ui/deploy-view.js";

/**
 * Wires the release view's old-and-new numbers (deployers/version-metrics/) to CloudWatch,
 * ELBv2 and CloudFormation, refreshed on a timer that never keeps the process alive.
 */
export async function watchReleaseVersions(m: Manifest, aws: AwsSettings, view: DeployView) {
  const [{ watchVersions, VERSION_REFRESH_MS }, { metricReads }, { listenerRules }, { cloudFormationPort }] =
    await Promise.all([
      import("../deployers/version-metrics/watch-versions.js"),
      import("../aws/metric-reads.js"),
      import("../aws/listener-rules.js"),
      import("../aws/cloudformation.js"),
    ]);
  const ports = { metrics: metricReads(aws), rules: listenerRules(aws), cloudFormation: cloudFormationPort(aws) };
  return watchVersions(m, ports, {
    now: Date.now,
    every: (tick) => {
      const timer = setInterval(() => void tick(), VERSION_REFRESH_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
    show: (numbers) => view.versions(numbers),
    unavailable: (reason) => view.out.note(`the versions' numbers are not available (CloudWatch): ${reason}`),
  });
}
