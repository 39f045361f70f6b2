import { localImagePorts } from "../../src/adapters/image-ports.js";
import { awsImageCloud } from "../../src/commands/image-cloud.js";
import type { AwsImageRequest } from "../../src/commands/environment-ports.js";
import type { AwsSettings } from "../../src/aws/settings.js";
import type { Manifest } from "../../src/manifest/types.js";

const silent = { json: false, github: false, color: false, line: () => {}, note: () => {} };

/** What the image commands hand to deploy, for a manifest in the current directory. */
export function awsImageRequest(m: Manifest, aws: AwsSettings, extra: Partial<AwsImageRequest> = {}): AwsImageRequest {
  return {
    manifest: m,
    manifestDir: ".",
    aws,
    cloud: awsImageCloud(m, aws, silent),
    local: localImagePorts(),
    ...extra,
  };
}
