// The image use cases' ports on this machine (src/images/image-port.ts): the builder found
// here, registries over HTTP, the logins stored by the builder, and git.

import type { ImagePorts } from "../images/image-port.js";
import { commandBuilder, detectBuilder } from "./builder.js";
import { readWorkingTree } from "./git.js";
import { RegistryClient } from "./registry-client.js";
import { findCredentials } from "./registry-credentials.js";

export interface LocalImageOptions {
  /** --builder; BERTH_BUILDER when absent. */
  builder?: string;
  env?: NodeJS.ProcessEnv;
}

export function localImagePorts(options: LocalImageOptions = {}): ImagePorts {
  const env = options.env ?? process.env;
  return {
    registry: (endpoint) => new RegistryClient(endpoint),
    builder: async () => commandBuilder(await detectBuilder(options.builder ?? env.BERTH_BUILDER)),
    // The BERTH_REGISTRY_* credentials belong to the destination; other registries use the builder's logins.
    credentialsFor: async (host) =>
      (await findCredentials(host, { ...env, BERTH_REGISTRY_USERNAME: undefined, BERTH_REGISTRY_PASSWORD: undefined }))
        ?.credentials,
    destinationCredentials: (host) => findCredentials(host, env),
    workingTree: readWorkingTree,
  };
}
