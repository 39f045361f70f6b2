import type { AwsSettings } from "../aws/settings.js";
import type { ImageCloud } from "../images/image-port.js";
import type { Manifest } from "../manifest/types.js";
import type { Output } from "../ui/output.js";

/**
 * The AWS side of the image commands, wired here so that images/ never imports aws/: ECR,
 * the app stack that owns the repositories (its progress shown like any stack's), and
 * the Secrets Manager pull secret. Each is loaded on first use.
 */
export function awsImageCloud(m: Manifest, settings: AwsSettings, out: Output): ImageCloud {
  return {
    ecr: async () => (await import("../aws/ecr.js")).sdkEcrPort(settings),
    async deployAppStack() {
      const [{ deployAppStack }, { cloudFormationPort }, { reportInfrastructureEvent }] = await Promise.all([
        import("../deployers/app-stack.js"),
        import("../aws/cloudformation.js"),
        import("../ui/infrastructure.js"),
      ]);
      out.note(`the app's ECR repositories are missing: bringing the app stack up to date first`);
      await deployAppStack(m, cloudFormationPort(settings), (event) => reportInfrastructureEvent(event, out));
    },
    pullCredentials: async () => (await import("../aws/pull-credentials.js")).sdkPullCredentialsPort(settings),
  };
}
