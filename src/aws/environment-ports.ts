import type { EnvironmentPorts } from "../deployers/deploy-environment.js";
import type { ImageEvent } from "../images/publish.js";
import type { ImageRequest } from "../images/images.js";
import { cloudFormationPort } from "./cloudformation.js";
import { listenerRules } from "./listener-rules.js";

/** The environment deployer's ports over AWS (or whatever AWS_ENDPOINT_URL points at). */
export function awsEnvironmentPorts(request: ImageRequest, onImage: (event: ImageEvent) => void): EnvironmentPorts {
  return {
    cloudFormation: cloudFormationPort(request.aws),
    listenerRules: listenerRules(request.aws),
    async pushImages() {
      const { pinnedImages, pushServices } = await import("../images/images.js");
      return pinnedImages(await pushServices(request, onImage));
    },
  };
}
