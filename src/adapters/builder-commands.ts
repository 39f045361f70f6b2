// The command lines each builder takes, as data: what runs is testable without running it.
// Secrets never enter argv: a login's password travels on stdin.

import type { PushOptions } from "../images/image-port.js";
import type { Build } from "../images/plan.js";

export type BuilderName = "docker" | "podman" | "buildah";

export const BUILDER_NAMES: readonly BuilderName[] = ["docker", "podman", "buildah"];

export interface CommandSpec {
  program: string;
  args: string[];
  /** Written to the process's stdin, then closed; never logged. */
  stdin?: string;
}

export function buildCommand(builder: BuilderName, build: Build): CommandSpec {
  const options = [
    "--platform",
    build.platform,
    "-f",
    build.dockerfile,
    ...(build.target !== undefined ? ["--target", build.target] : []),
    ...Object.entries(build.args).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
    ...Object.entries(build.labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]),
    "-t",
    build.localTag,
  ];
  // buildx's docker driver keeps the image in the engine only with --load.
  const verb = builder === "docker" ? ["buildx", "build", "--load"] : ["build"];
  return { program: builder, args: [...verb, ...options, build.context] };
}

export function tagCommand(builder: BuilderName, source: string, target: string): CommandSpec {
  return { program: builder, args: ["tag", source, target] };
}

export function loginCommand(
  builder: BuilderName,
  host: string,
  username: string,
  password: string,
  options: PushOptions = {},
): CommandSpec {
  return {
    program: builder,
    args: ["login", "--username", username, "--password-stdin", ...tlsFlag(builder, options), host],
    stdin: password,
  };
}

export function pushCommand(builder: BuilderName, reference: string, options: PushOptions = {}): CommandSpec {
  return { program: builder, args: ["push", ...tlsFlag(builder, options), reference] };
}

function tlsFlag(builder: BuilderName, options: PushOptions): string[] {
  return options.plainHttp && builder !== "docker" ? ["--tls-verify=false"] : [];
}

/** The commands that tell whether a builder is installed and usable, cheapest first. */
export function probeCommands(builder: BuilderName): CommandSpec[] {
  if (builder === "docker")
    return [
      { program: "docker", args: ["buildx", "version"] },
      { program: "docker", args: ["info", "--format", "{{.ServerVersion}}"] },
    ];
  return [{ program: builder, args: ["--version"] }];
}
