import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Rendered } from "../render/render.js";
import { toYaml } from "../render/template-yaml.js";
import type { Output } from "./output.js";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The files `berth render --out DIR` writes, by name; deterministic for the same manifest. */
export function renderedFiles(rendered: Rendered): Record<string, string> {
  const files: Record<string, string> = { "template.yaml": toYaml(rendered.template), "app.template.yaml": toYaml(rendered.appTemplate) };
  for (const [name, definition] of Object.entries(rendered.taskDefinitions)) files[`${name}.taskdef.json`] = json(definition);
  for (const [name, definition] of Object.entries(rendered.serviceDefinitions)) files[`${name}.service.json`] = json(definition);
  return files;
}

export async function writeRendered(rendered: Rendered, dir: string, out: Output): Promise<void> {
  const files = renderedFiles(rendered);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  if (out.json) out.line(json({ ok: true, files: Object.keys(files).map((name) => join(dir, name)) }));
  else for (const name of Object.keys(files)) out.line(join(dir, name));
}

export function printRendered(rendered: Rendered, out: Output): void {
  if (out.json) out.line(json(rendered));
  else out.line(toYaml(rendered.template).trimEnd());
}
