import { parseDocument } from "yaml";
import type { AdoptionRefusal } from "./report.js";

/** A Copilot workspace as text: paths relative to the `copilot/` folder, such as `api/manifest.yml`. */
export type WorkspaceFiles = Record<string, string>;

export interface CopilotWorkload {
  /** The folder under copilot/, which is the workload's name. */
  dir: string;
  manifest: Record<string, unknown>;
  addons: { path: string; template: Record<string, unknown> }[];
}

export interface CopilotWorkspace {
  app: string;
  workloads: CopilotWorkload[];
  environments: { name: string; manifest: Record<string, unknown> }[];
  environmentAddons: { path: string; template: Record<string, unknown> }[];
  /** Files berth does not read (pipelines, buildspecs, add-on parameters), for the report. */
  otherFiles: string[];
}

/**
 * Reads a Copilot workspace: `.workspace` (the application's name), `<workload>/manifest.yml`,
 * `environments/<env>/manifest.yml`, and the CloudFormation templates under `addons/`
 * (https://aws.github.io/copilot-cli/docs/developing/addons/workload/). CloudFormation's short
 * tags (`!Ref`, `!Sub`) are read as plain values: only resource types and literal properties matter.
 */
export function readWorkspace(
  files: WorkspaceFiles,
  folder: string,
): { ok: true; workspace: CopilotWorkspace } | AdoptionRefusal {
  const workspaceText = files[".workspace"];
  if (workspaceText === undefined)
    return {
      ok: false,
      message: `${folder}: no .workspace file, so not a Copilot workspace`,
      hint: "pass the copilot/ folder that `copilot app init` made (it holds .workspace and one folder per service)",
    };
  const ws = parse(workspaceText, `${folder}/.workspace`);
  if (!ws.ok) return ws;
  const app = typeof ws.value.application === "string" ? ws.value.application : undefined;
  if (!app)
    return {
      ok: false,
      message: `${folder}/.workspace: no application name`,
      hint: "it should read `application: NAME`",
    };

  const workspace: CopilotWorkspace = { app, workloads: [], environments: [], environmentAddons: [], otherFiles: [] };
  const byDir = new Map<string, CopilotWorkload>();
  for (const path of Object.keys(files).sort()) {
    if (path === ".workspace") continue;
    const parts = path.split("/");
    const isYaml = /\.ya?ml$/.test(path);
    const isAddon = isYaml && parts.at(-2) === "addons" && !/addons\.parameters\.ya?ml$/.test(path);
    const parsed =
      isYaml && (isAddon || parts.at(-1) === "manifest.yml") ? parse(files[path]!, `${folder}/${path}`) : undefined;
    if (parsed && !parsed.ok) return parsed;
    const value = parsed?.value;
    if (parts[0] === "environments" && parts.length === 3 && parts[2] === "manifest.yml" && value)
      workspace.environments.push({ name: parts[1]!, manifest: value });
    else if (parts[0] === "environments" && isAddon && value)
      workspace.environmentAddons.push({ path, template: value });
    else if (parts.length === 2 && parts[1] === "manifest.yml" && value) {
      const workload: CopilotWorkload = byDir.get(parts[0]!) ?? { dir: parts[0]!, manifest: {}, addons: [] };
      workload.manifest = value;
      byDir.set(parts[0]!, workload);
    } else if (parts.length === 3 && isAddon && value) {
      const workload: CopilotWorkload = byDir.get(parts[0]!) ?? { dir: parts[0]!, manifest: {}, addons: [] };
      workload.addons.push({ path, template: value });
      byDir.set(parts[0]!, workload);
    } else workspace.otherFiles.push(path);
  }
  workspace.workloads = [...byDir.values()].filter((w) => Object.keys(w.manifest).length > 0);
  for (const orphan of [...byDir.values()].filter((w) => Object.keys(w.manifest).length === 0))
    workspace.otherFiles.push(...orphan.addons.map((a) => a.path));
  if (workspace.workloads.length === 0)
    return {
      ok: false,
      message: `${folder}: no service manifests (<service>/manifest.yml)`,
      hint: "run `copilot svc init` first, or pass the right folder",
    };
  return { ok: true, workspace };
}

function parse(text: string, file: string): { ok: true; value: Record<string, unknown> } | AdoptionRefusal {
  const doc = parseDocument(text, { merge: true, prettyErrors: false, logLevel: "silent" });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    return {
      ok: false,
      message: `${file}:${pos?.line ?? 1}:${pos?.col ?? 1}: not valid YAML: ${error.message.split("\n")[0]}`,
      hint: "fix the file (copilot svc package reads it the same way), then run init again",
    };
  }
  const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { ok: false, message: `${file}: not a map`, hint: "a Copilot manifest or template is a YAML map" };
  return { ok: true, value: value as Record<string, unknown> };
}
