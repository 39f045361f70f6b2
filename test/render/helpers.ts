import { readFileSync } from "node:fs";
import { loadManifestText, type LoadOptions } from "../../src/manifest/load.js";
import type { Manifest } from "../../src/manifest/types.js";
import { renderApplication, type Rendered, type RenderOptions } from "../../src/render/render.js";

export function manifestOf(text: string, options: LoadOptions = {}): Manifest {
  const loaded = loadManifestText(text, "berth.yml", { vars: {}, ...options });
  if (!loaded.ok) throw new Error(`manifest has problems: ${JSON.stringify(loaded.problems)}`);
  return loaded.manifest;
}

export function render(text: string, options: LoadOptions & RenderOptions = {}): Rendered {
  const result = renderApplication(manifestOf(text, options), options);
  if (!result.ok) throw new Error(`render has problems: ${JSON.stringify(result.problems)}`);
  return result.rendered;
}

export const CASSANDRA = readFileSync("examples/cassandra/berth.yml", "utf8");
export const HELLO = readFileSync("examples/hello/berth.yml", "utf8");

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

export function resources(rendered: Rendered, type?: string): Record<string, Resource> {
  const all = rendered.template.Resources as Record<string, Resource>;
  return Object.fromEntries(Object.entries(all).filter(([, r]) => type === undefined || r.Type === type));
}

export function resource(rendered: Rendered, id: string): Resource {
  const found = (rendered.template.Resources as Record<string, Resource>)[id];
  if (!found) throw new Error(`no resource ${id}; have ${Object.keys(rendered.template.Resources).join(", ")}`);
  return found;
}
