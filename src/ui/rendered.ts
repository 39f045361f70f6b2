import { join } from "node:path";
import { EXIT, UserError } from "../exit-codes.js";
import type { Rendered, RenderedTemplates } from "../render/render.js";
import { renderedYaml } from "../render/template-yaml.js";
import type { Output } from "./output.js";

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The files `berth render --out DIR` writes, by name; deterministic for the same manifest:
 * the environment stack's template, each service stack's (`<service>.template.yaml`), the app
 * stack's, the dashboard's and, for a preview, the previews' shared base's (`template.<what>.yaml`:
 * a service name has no dot, so no service's file has those names), and the definitions.
 */
export function renderedFiles(rendered: Rendered): Record<string, string> {
  const files: Record<string, string> = { "template.yaml": renderedYaml(rendered.template) };
  if (rendered.previewBase) files["template.previews-base.yaml"] = renderedYaml(rendered.previewBase);
  for (const [name, template] of Object.entries(rendered.services))
    files[`${name}.template.yaml`] = renderedYaml(template);
  files["template.app.yaml"] = renderedYaml(rendered.appTemplate);
  files["template.dashboard.yaml"] = renderedYaml(rendered.dashboard);
  for (const [name, definition] of Object.entries(rendered.taskDefinitions))
    files[`${name}.taskdef.json`] = json(definition);
  for (const [name, definition] of Object.entries(rendered.serviceDefinitions))
    files[`${name}.service.json`] = json(definition);
  return files;
}

// What the file system answers when --out names a place berth cannot write to: the user
// fixes it by choosing another --out (https://nodejs.org/api/errors.html#common-system-errors).
const UNWRITABLE_OUT = new Set(["ENOTDIR", "EEXIST", "EISDIR", "EACCES", "EPERM", "EROFS", "ENAMETOOLONG"]);

export async function writeRendered(rendered: Rendered, dir: string, out: Output): Promise<void> {
  const files = renderedFiles(rendered);
  const { mkdir, writeFile } = await import("node:fs/promises");
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    const path = (error as NodeJS.ErrnoException).path ?? dir;
    const message = `--out ${dir}: cannot write ${path} (${code}: ${describeCode(code)})`;
    if (UNWRITABLE_OUT.has(code))
      throw new UserError(
        message,
        EXIT.usage,
        "pass --out a directory you can write to, or a path that does not exist yet",
      );
    throw new UserError(message, EXIT.failure, "free the disk or fix the file system, then render again");
  }
  if (out.json) out.line(json({ ok: true, files: Object.keys(files).map((name) => join(dir, name)) }));
  else for (const name of Object.keys(files)) out.line(join(dir, name));
}

function describeCode(code: string): string {
  if (code === "ENOTDIR") return "a part of the path is a file, not a directory";
  if (code === "EEXIST" || code === "EISDIR") return "something else is already there";
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") return "not allowed to write there";
  return "the file system refused";
}

/** Everything rendered, as one JSON document (`berth render --json`). */
export function printRenderedJson(rendered: Rendered, out: Output): void {
  out.line(json(rendered));
}

/** Every stack's template, each after a `# stack <name>` line: the environment's first, then each service's, then the dashboard's. */
export function printTemplates(rendered: RenderedTemplates, names: StackNames, out: Output): void {
  if (rendered.previewBase && names.previewBase)
    out.line(`# stack ${names.previewBase}\n${renderedYaml(rendered.previewBase).trimEnd()}`);
  out.line(`# stack ${names.environment}\n${renderedYaml(rendered.template).trimEnd()}`);
  for (const [name, template] of Object.entries(rendered.services))
    out.line(`# stack ${names.service(name)}\n${renderedYaml(template).trimEnd()}`);
  out.line(`# stack ${names.dashboard}\n${renderedYaml(rendered.dashboard).trimEnd()}`);
}

/** How the printed stacks are named: `<app>-<env>` and `<app>-<env>-<service>` (src/manifest/names.ts). */
export interface StackNames {
  environment: string;
  /** A preview's shared base, `<app>-previews`. */
  previewBase?: string;
  service(name: string): string;
  dashboard: string;
}
