import type { Manifest } from "../manifest/types.js";
import { stackName } from "../manifest/names.js";

/**
 * The shared preview base (src/render/preview-base.ts): the environment its stack is
 * rendered for, `<app>-previews`; `berth previews` never lists it, as it is not `pr-<n>`.
 */
export const PREVIEWS_BASE_ENVIRONMENT = "previews";

/** Every preview (`pr-<n>`) runs on the base. */
export function onPreviewBase(m: Manifest): boolean {
  return m.preview;
}

export function previewBaseStackName(app: string): string {
  return stackName(app, PREVIEWS_BASE_ENVIRONMENT);
}

/** The preview's number: `pr-7` → 7. */
export function previewNumber(m: Manifest): number {
  return Number(m.environment.slice("pr-".length));
}

/** `pr-7` → `pr_7`: a suffix database and login names may hold unquoted. */
export function previewSuffix(m: Manifest): string {
  return m.environment.replace(/-/g, "_");
}
