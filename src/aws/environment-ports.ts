import type { EnvironmentPorts } from "../deployers/deploy-environment.js";
import type { ImageEvent } from "../images/publish.js";
import type { ImageRequest } from "../images/images.js";
import { cloudFormationPort } from "./cloudformation.js";
import { diagnosisPort } from "./diagnosis.js";
import { ecsReleasePort } from "./ecs-release.js";
import { callerIdentity } from "./identity.js";
import { listenerRules } from "./listener-rules.js";
import { loadBalancerRequests } from "./load-balancer-requests.js";
import { preflightPort } from "./preflight-port.js";
import { ecsServices } from "./teardown-ports.js";

/** The environment deployer's ports over AWS (or whatever AWS_ENDPOINT_URL points at). */
export function awsEnvironmentPorts(request: ImageRequest, onImage: (event: ImageEvent) => void): EnvironmentPorts {
  let identity: ReturnType<typeof callerIdentity> | undefined;
  return {
    cloudFormation: cloudFormationPort(request.aws),
    listenerRules: listenerRules(request.aws),
    async pushImages() {
      const { ensurePullCredentials, pinnedImages, pushServices } = await import("../images/images.js");
      const images = pinnedImages(await pushServices(request, onImage));
      const pullCredentials = await ensurePullCredentials(request);
      return { images, ...(pullCredentials ? { pullCredentials } : {}) };
    },
    services: ecsServices(request.aws),
    preflight: preflightPort(request.aws),
    release: {
      checks: { release: ecsReleasePort(request.aws), smoke: loadBalancerRequests },
      identity: () => (identity ??= callerIdentity(request.aws)),
      diagnosis: diagnosisPort(request.aws),
    },
  };
}
