import { readFile } from "node:fs/promises";
import type { PreflightResult } from "../deployers/preflight.js";
import { keyPosition } from "../manifest/key-position.js";

/** Pre-flight's problems with the manifest line of each reference, so the report points at it. */
export async function locatePreflight(
  result: PreflightResult,
  file: string,
  environment: string,
): Promise<PreflightResult> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return result;
  const problems = result.problems.map((p) => {
    const at = p.path ? keyPosition(text, file, p.path, environment) : undefined;
    return at ? { ...p, at } : p;
  });
  return { ...result, problems };
}
