import { loadManifestText, type LoadOptions } from "../../src/manifest/load.js";
import type { Problem } from "../../src/manifest/problem.js";
import type { Manifest } from "../../src/manifest/types.js";
import { formatProblem } from "../../src/ui/problems.js";

/** Loads YAML text as berth.yml with no environment variables unless given. */
export function load(text: string, options: LoadOptions = {}) {
  return loadManifestText(text, "berth.yml", { vars: {}, ...options });
}

export function problems(text: string, options: LoadOptions = {}): Problem[] {
  const result = load(text, options);
  return result.ok ? [] : result.problems;
}

/** Problems as the CLI prints them: `berth.yml:3:10: services.web.cpu: …`. */
export function lines(text: string, options: LoadOptions = {}): string[] {
  return problems(text, options).map(formatProblem);
}

export function manifest(text: string, options: LoadOptions = {}): Manifest {
  const result = load(text, options);
  if (!result.ok) throw new Error(`expected a valid manifest, got:\n${result.problems.map(formatProblem).join("\n")}`);
  return result.manifest;
}

/** A valid one-service manifest to build variations on. */
export const WEB = `app: shop
services:
  web:
    image: nginx:1.27
    port: 80
    http: {}
`;
