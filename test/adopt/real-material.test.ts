import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { adoptCompose } from "../../src/adopt/compose.js";
import { adoptCopilot } from "../../src/adopt/copilot.js";
import { manifestText } from "../../src/adopt/manifest-text.js";
import { berthName } from "../../src/adopt/names.js";
import type { Adoption, AdoptionReport } from "../../src/adopt/report.js";
import { loadManifestText } from "../../src/manifest/load.js";
import { checkQuotas } from "../../src/render/quotas.js";
import { renderApplication } from "../../src/render/render.js";
import { toYaml } from "../../src/render/template-yaml.js";
import { EXAMPLE_CERTIFICATE } from "../render/helpers.js";

/**
 * Public sample applications, committed unchanged with their sources (test/fixtures/adopt/*
 * /SOURCE): each converts to a manifest that validates with the AWS quota checks, renders in
 * every environment, passes cfn-lint, and leaves nothing out of the report.
 */
const FIXTURES = "test/fixtures/adopt";
/** What the Copilot fixtures read from the environment, as Copilot did. */
const VARS = { DOMAINNAME: "example.com", IMPORTED_CERT_ARN: EXAMPLE_CERTIFICATE };

function files(dir: string, root = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(out, files(path, root));
    else out[relative(root, path)] = readFileSync(path, "utf8");
  }
  return out;
}

const composeSamples = readdirSync(join(FIXTURES, "compose")).map((sample) => {
  const file = readdirSync(join(FIXTURES, "compose", sample)).find((f) => f !== "SOURCE")!;
  const text = readFileSync(join(FIXTURES, "compose", sample, file), "utf8");
  return {
    sample,
    text,
    adoption: adoptCompose({
      files: [{ path: file, text }],
      directory: sample,
      projectDir: ".",
      vars: {},
      read: () => undefined,
    }),
  };
});
const copilotSamples = readdirSync(join(FIXTURES, "copilot")).map((sample) => {
  const workspace = files(join(FIXTURES, "copilot", sample, "copilot"));
  return { sample, workspace, adoption: adoptCopilot({ files: workspace, folder: "copilot", projectDir: "." }) };
});

function ok(adoption: Adoption): Extract<Adoption, { ok: true }> {
  if (!adoption.ok) throw new Error(`refused: ${adoption.message}`);
  return adoption;
}

function said(report: AdoptionReport): string {
  return [...report.mapped, ...report.assumed, ...report.left.map((l) => l.item)].join("\n");
}

/** Every environment a manifest defines, each checked against AWS's quotas and rendered. */
function renderEvery(name: string, adoption: Adoption, dir: string): string[] {
  const text = manifestText(ok(adoption).manifest, name);
  const environments = Object.keys((ok(adoption).manifest.environments ?? {}) as object);
  const written: string[] = [];
  for (const env of environments.length > 0 ? environments : ["default"]) {
    const loaded = loadManifestText(text, "berth.yml", { env, vars: VARS, checkRendered: checkQuotas });
    expect(loaded.ok ? [] : loaded.problems.map((p) => `${name} -e ${env}: ${p.path}: ${p.message}`)).toEqual([]);
    if (!loaded.ok) continue;
    const rendered = renderApplication(loaded.manifest);
    if (!rendered.ok) throw new Error(JSON.stringify(rendered.problems));
    const templates = {
      env: rendered.rendered.template,
      app: rendered.rendered.appTemplate,
      ...rendered.rendered.services,
    };
    for (const [stack, template] of Object.entries(templates)) {
      const file = join(dir, `${name}.${env}.${stack}.yaml`);
      writeFileSync(file, toYaml(template));
      written.push(file);
    }
  }
  return written;
}

describe("public Compose samples (docker/awesome-compose)", () => {
  test.each(composeSamples.map((s) => [s.sample, s] as const))(
    "%s: every service key is mapped or named in the report",
    (_name, s) => {
      const manifest = ok(s.adoption).manifest;
      const services = (parse(s.text) as { services: Record<string, Record<string, unknown>> }).services;
      const report = said(ok(s.adoption).report);
      const evidence: Record<string, string[]> = {
        build: ["build"],
        image: ["image"],
        command: ["command"],
        environment: ["env", "secrets", "uses"],
        ports: ["port"],
        expose: ["port"],
        healthcheck: ["healthcheck"],
        volumes: ["volumes"],
        secrets: ["secrets"],
      };
      for (const [name, service] of Object.entries(services)) {
        const berth = (manifest.services as Record<string, Record<string, unknown>>)[berthName(name)];
        if (!berth) {
          expect(report, `${name} is neither in berth.yml nor in the report`).toContain(`services.${name}`);
          continue;
        }
        for (const key of Object.keys(service)) {
          const mapped = (evidence[key] ?? []).some((k) => berth[k] !== undefined);
          if (!mapped)
            expect(report, `services.${name}.${key}`).toMatch(
              new RegExp(`services\\.${name}(\\.${key}|\\b.*\\b${key}\\b)`),
            );
        }
      }
    },
  );
});

describe("public Copilot workspaces (aws/copilot-cli)", () => {
  test.each(copilotSamples.map((s) => [s.sample, s] as const))(
    "%s: every workload, field, environment and add-on resource is mapped or named in the report",
    (_name, s) => {
      const adoption = ok(s.adoption);
      const report = said(adoption.report);
      const services = adoption.manifest.services as Record<string, Record<string, unknown>>;
      const mappedFields = new Set([
        "name",
        "type",
        "image",
        "http",
        "cpu",
        "memory",
        "count",
        "variables",
        "secrets",
        "storage",
        "environments",
        "platform",
        "command",
        "subscribe",
      ]);
      for (const [path, text] of Object.entries(s.workspace)) {
        const parts = path.split("/");
        const where = `copilot/${path}`;
        if (parts[0] !== "environments" && parts[1] === "manifest.yml") {
          const m = parse(text) as Record<string, unknown>;
          if (!services[berthName(parts[0]!)]) {
            expect(report).toContain(where);
            continue;
          }
          for (const key of Object.keys(m).filter((k) => !mappedFields.has(k)))
            expect(report).toContain(`${where}: ${key}`);
        } else if (parts[0] === "environments") {
          for (const key of Object.keys(parse(text) as object).filter(
            (k) => !["name", "type", "http", "network"].includes(k),
          ))
            expect(report).toContain(`${where}: ${key}`);
        } else if (parts[1] === "addons") {
          const template = parse(text, { logLevel: "silent" }) as Record<string, Record<string, { Type: string }>>;
          for (const [id, resource] of Object.entries(template.Resources ?? template))
            if (/DBCluster$|S3::Bucket$|DynamoDB/.test(resource.Type)) expect(report).toContain(`${where}: ${id}`);
        }
      }
      expect(adoption.report.steps.at(-1)?.title).toMatch(/^Cut over from Copilot/);
    },
  );
});

test("every sample's manifest validates with AWS's quotas, renders in each environment, and cfn-lint accepts every stack", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-adopt-lint-"));
  const templates = [
    ...composeSamples.flatMap((s) => renderEvery(`compose-${s.sample}`, s.adoption, dir)),
    ...copilotSamples.flatMap((s) => renderEvery(`copilot-${s.sample}`, s.adoption, dir)),
  ];
  expect(templates.length).toBeGreaterThan(20);
  const lint = spawnSync("cfn-lint", ["--format", "json", "--", ...templates], { encoding: "utf8" });
  expect(lint.error, "cfn-lint must be installed (pip install cfn-lint); .ci/run checks for it").toBeUndefined();
  const findings = JSON.parse(lint.stdout || "[]") as { Rule: { Id: string }; Message: string; Filename: string }[];
  expect(findings.map((f) => `${f.Filename}: ${f.Rule.Id} ${f.Message}`)).toEqual([]);
  expect(lint.status).toBe(0);
}, 300_000);

test("awesome-compose flask-redis: its Redis (a page-hit counter) becomes a cache the web service uses", () => {
  const adoption = ok(composeSamples.find((s) => s.sample === "flask-redis")!.adoption);
  expect(adoption.manifest.caches).toEqual({ redis: {} });
  expect((adoption.manifest.services as Record<string, { uses?: string[] }>).web?.uses).toEqual(["redis"]);
});
