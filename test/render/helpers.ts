import { readFileSync } from "node:fs";
import { loadManifestText, type LoadOptions } from "../../src/manifest/load.js";
import type { Manifest } from "../../src/manifest/types.js";
import { renderApplication, type Rendered, type RenderOptions } from "../../src/render/render.js";

/** The certificate the reference app's production reads from CASSANDRA_CERTIFICATE_ARN (made up, not a placeholder). */
export const EXAMPLE_CERTIFICATE =
  "arn:aws:acm:eu-south-1:210987654321:certificate/4b8e6f2a-93c1-4d7e-a5b0-6c2f1e8d9a37";

export function manifestOf(text: string, options: LoadOptions = {}): Manifest {
  const loaded = loadManifestText(text, "berth.yml", {
    vars: { CASSANDRA_CERTIFICATE_ARN: EXAMPLE_CERTIFICATE },
    ...options,
  });
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

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

/** The resources of every stack (the environment's and each service's), by logical id. */
export function resources(rendered: Rendered, type?: string): Record<string, Resource> {
  const all = allResources(rendered);
  return Object.fromEntries(Object.entries(all).filter(([, r]) => type === undefined || r.Type === type));
}

/** A resource of whichever stack holds it. */
export function resource(rendered: Rendered, id: string): Resource {
  const all = allResources(rendered);
  const found = all[id];
  if (!found) throw new Error(`no resource ${id}; have ${Object.keys(all).join(", ")}`);
  return found;
}

/** A preview's include those of the previews' shared base, which it runs on. */
function allResources(rendered: Rendered): Record<string, Resource> {
  const base = rendered.previewBase ? [rendered.previewBase] : [];
  const stacks = [...base, rendered.template, ...Object.values(rendered.services)];
  return Object.assign({}, ...stacks.map((t) => t.Resources)) as Record<string, Resource>;
}
