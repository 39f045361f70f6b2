import { EXIT, UserError } from "../exit-codes.js";
import {
  BUILDER_NAMES,
  buildCommand,
  loginCommand,
  probeCommands,
  pushCommand,
  tagCommand,
  type BuilderName,
  type CommandSpec,
} from "./builder-commands.js";
import type { Builder } from "../images/image-port.js";
import { runCommand, type CommandResult } from "./run-command.js";

export type Run = (spec: CommandSpec, onLine?: (line: string) => void) => Promise<CommandResult>;

const INSTALL_HINT =
  "install one of: Docker with buildx (https://docs.docker.com/get-docker/), Podman (apt-get install podman, brew install podman) or Buildah (apt-get install buildah); or choose one with --builder or BERTH_BUILDER";

/**
 * Docker (with buildx), then Podman, then Buildah — the first that works — unless one is
 * chosen with --builder or BERTH_BUILDER. Docker counts only with buildx and a running
 * engine, so a laptop with a stopped Docker Desktop falls through to Podman.
 */
export async function detectBuilder(choice: string | undefined, run: Run = runCommand): Promise<BuilderName> {
  if (choice !== undefined && choice !== "") {
    if (!BUILDER_NAMES.includes(choice as BuilderName)) {
      throw new UserError(
        `unknown builder ${JSON.stringify(choice)}`,
        EXIT.usage,
        `choose one of: ${BUILDER_NAMES.join(", ")}`,
      );
    }
    const failure = await probe(choice as BuilderName, run);
    if (failure)
      throw new UserError(`the chosen builder ${choice} is not usable: ${failure}`, EXIT.failure, INSTALL_HINT);
    return choice as BuilderName;
  }
  const failures: string[] = [];
  for (const name of BUILDER_NAMES) {
    const failure = await probe(name, run);
    if (!failure) return name;
    failures.push(`${name}: ${failure}`);
  }
  throw new UserError(`no image builder found (${failures.join("; ")})`, EXIT.failure, INSTALL_HINT);
}

/** Why a builder cannot be used, or undefined when it can. */
async function probe(name: BuilderName, run: Run): Promise<string | undefined> {
  for (const spec of probeCommands(name)) {
    const result = await run(spec);
    if (result.code === 127) return "not installed";
    if (result.code !== 0)
      return `\`${[spec.program, ...spec.args].join(" ")}\` failed${result.tail.length ? `: ${result.tail[result.tail.length - 1]}` : ""}`;
  }
  return undefined;
}

export class BuilderFailed extends UserError {
  constructor(
    readonly what: string,
    readonly output: string[],
  ) {
    super(`${what} failed`, EXIT.failure, "the builder's output is above; fix the cause and run again");
  }
}

export function commandBuilder(name: BuilderName, run: Run = runCommand): Builder {
  const must = async (what: string, spec: CommandSpec, onLine?: (line: string) => void) => {
    const result = await run(spec, onLine);
    if (result.code !== 0) throw new BuilderFailed(what, result.tail);
  };
  return {
    name,
    build: (build, onLine) =>
      must(`${name}: building ${build.id}`, buildCommand(name, build), withoutPlatformArgWarning(onLine)),
    login: (host, c, options) =>
      must(`${name} login to ${host}`, loginCommand(name, host, c.username, c.password, options)),
    push: async (localTag, reference, options, onLine) => {
      await must(`${name} tag ${reference}`, tagCommand(name, localTag, reference), onLine);
      await must(`${name} push ${reference}`, pushCommand(name, reference, options), onLine);
    },
  };
}

// The build arguments a builder sets by itself from --platform (Dockerfile reference,
// "Automatic platform ARGs in the global scope": https://docs.docker.com/reference/dockerfile/#automatic-platform-args-in-the-global-scope).
const PLATFORM_ARGS = new Set(
  ["PLATFORM", "OS", "ARCH", "VARIANT"].flatMap((part) => [`TARGET${part}`, `BUILD${part}`]),
);
const UNCONSUMED = /^(.*build args were not consumed: )\[([^\]]*)\](.*)$/i;

/**
 * Buildah before 1.30 (Debian's 1.28, Podman 4.3/4.4) warns on every build that the platform
 * arguments it set itself went unused, although a Dockerfile need not declare them (fixed
 * upstream: https://github.com/containers/buildah/pull/4634). That line is dropped; a build
 * argument of the manifest's that the Dockerfile ignores is still reported.
 */
export function withoutPlatformArgWarning(onLine: (line: string) => void): (line: string) => void {
  return (line) => {
    const match = UNCONSUMED.exec(line);
    if (!match) return onLine(line);
    const own = match[2]!.split(/\s+/).filter((name) => name !== "" && !PLATFORM_ARGS.has(name));
    if (own.length > 0) onLine(`${match[1]}[${own.join(" ")}]${match[3]}`);
  };
}
