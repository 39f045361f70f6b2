import { expect } from "vitest";
import { adoptCompose, type ComposeInput } from "../../src/adopt/compose.js";
import { adoptCopilot } from "../../src/adopt/copilot.js";
import { manifestText } from "../../src/adopt/manifest-text.js";
import type { Adoption, AdoptionReport, ManifestData } from "../../src/adopt/report.js";
import { loadManifestText } from "../../src/manifest/load.js";

export interface Adopted {
  manifest: ManifestData;
  report: AdoptionReport;
  text: string;
  /** Everything the report says, one string, for "is X named anywhere". */
  said: string;
}

/** The manifest written, loaded by berth's own loader: an adoption must always validate. */
export function expectValid(text: string, vars: Record<string, string> = {}): void {
  const loaded = loadManifestText(text, "berth.yml", { vars });
  expect(loaded.ok ? [] : loaded.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([]);
}

function adopted(result: Adoption, vars: Record<string, string> = {}): Adopted {
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  const text = manifestText(result.manifest, "test");
  expectValid(text, vars);
  const r = result.report;
  const said = [
    ...r.mapped,
    ...r.assumed,
    ...r.left.map((l) => `${l.item}: ${l.why}. ${l.todo}`),
    ...r.steps.flatMap((s) => [s.title, ...s.lines]),
  ].join("\n");
  return { manifest: result.manifest, report: r, text, said };
}

export function compose(yaml: string, options: Partial<ComposeInput> = {}): Adopted {
  return adopted(adoptCompose(composeInput(yaml, options)));
}

export function composeInput(yaml: string, options: Partial<ComposeInput> = {}): ComposeInput {
  return {
    files: [{ path: "compose.yaml", text: yaml }],
    app: "shop",
    directory: "shop",
    projectDir: ".",
    vars: {},
    read: () => undefined,
    ...options,
  };
}

export function copilot(files: Record<string, string>, vars: Record<string, string> = {}, app?: string): Adopted {
  return adopted(
    adoptCopilot({
      files: { ".workspace": "application: shop\n", ...files },
      folder: "copilot",
      projectDir: ".",
      ...(app ? { app } : {}),
    }),
    vars,
  );
}

/** The berth service of that name. */
export function service(a: Adopted, name: string): Record<string, unknown> {
  const services = a.manifest.services as Record<string, Record<string, unknown>>;
  const s = services[name];
  if (!s) throw new Error(`no service ${name}; have ${Object.keys(services).join(", ")}`);
  return s;
}
