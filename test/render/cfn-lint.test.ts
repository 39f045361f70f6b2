import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { loadManifestText } from "../../src/manifest/load.js";
import { checkQuotas } from "../../src/render/quotas.js";
import { toYaml } from "../../src/render/template-yaml.js";
import { CASSANDRA, HELLO, render } from "./helpers.js";

const cases: [string, string, string | undefined][] = [
  ["hello", HELLO, undefined],
  ["hello-pr", HELLO, "pr-7"],
  ["cassandra", CASSANDRA, undefined],
  ["cassandra-staging", CASSANDRA, "staging"],
  ["cassandra-production", CASSANDRA, "production"],
  ["cassandra-preview", CASSANDRA, "pr-12"],
  [
    "existing-vpc-canary",
    `app: shop
network: { vpc: vpc-0123abcd, publicSubnets: [subnet-0aaa1111, subnet-0bbb2222], privateSubnets: [subnet-0ccc3333, subnet-0ddd4444] }
certificate: arn:aws:acm:eu-west-1:210987654321:certificate/abc-123
services:
  api: { image: x, port: 80, http: { host: api.example.com, path: /v1 }, deploy: { strategy: canary }, count: { min: 2, max: 8, requests: 500 } }
  site: { image: x, port: 3000, http: {}, deploy: { strategy: linear } }
  cron: { image: x, uses: [reports] }
buckets: { reports: {} }
`,
    undefined,
  ],
  [
    "access-logs",
    "app: shop\nregion: eu-west-1\naccessLogs: true\nservices:\n  web: { image: x, port: 80, http: {}, readOnlyRootFilesystem: true }\nenvironments: { production: {} }\n",
    "production",
  ],
  [
    "two-load-balancers-waf",
    `app: shop
region: eu-west-1
accessLogs: true
waf: true
certificate: arn:aws:acm:eu-west-1:210987654321:certificate/abc-123
services:
  web: { image: x, port: 80, http: {} }
  api: { image: x, port: 8080, http: { path: /v1, loadBalancer: public-api }, count: { min: 1, max: 4, requests: 100 } }
  admin: { image: x, port: 8080, http: { host: admin.example.com, loadBalancer: public-api } }
environments: { production: {} }
`,
    "production",
  ],
  [
    "other-registry",
    "app: shop\nregistry: ghcr.io/acme\nservices:\n  web: { build: ., port: 80, http: {} }\n",
    undefined,
  ],
  [
    "schedules-exec-no-nat",
    `app: shop
network: { nat: none }
exec: true
services:
  web: { image: x, port: 80, http: {} }
  jobs: { image: x, uses: [database] }
database: {}
schedules:
  cleanup: { service: jobs, command: [manage, cleanup], rate: 15m }
  weekly: { service: jobs, command: [manage, weekly], cron: "30 2 * * 1-5", timezone: America/New_York }
  web-warm: { service: web, command: [curl, localhost], cron: "@hourly" }
`,
    undefined,
  ],
  [
    "per-az-nat-mysql",
    "app: shop\nnetwork: { azs: 3, nat: per-az }\nservices:\n  w: { build: ., uses: [database], egress: https }\ndatabase: { engine: aurora-mysql, insights: true }\n",
    undefined,
  ],
];

/** AWS's own linter accepts every template berth renders, with no errors and no warnings. */
test("cfn-lint accepts every stack's template of every example and environment", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-lint-"));
  const files: string[] = [];
  for (const [name, text, env] of cases) {
    const rendered = render(text, env === undefined ? {} : { env });
    for (const [suffix, template] of [
      ["", rendered.template],
      [".app", rendered.appTemplate],
      [".dashboard", rendered.dashboard],
      ...(rendered.previewBase ? [[".previews-base", rendered.previewBase] as const] : []),
      ...Object.entries(rendered.services).map(([service, t]) => [`.${service}`, t] as const),
    ] as const) {
      const file = join(dir, `${name}${suffix}.yaml`);
      writeFileSync(file, toYaml(template));
      files.push(file);
    }
  }
  const lint = spawnSync("cfn-lint", ["--format", "json", "--", ...files], { encoding: "utf8" });
  expect(lint.error, "cfn-lint must be installed (pip install cfn-lint); .ci/run checks for it").toBeUndefined();
  const findings = JSON.parse(lint.stdout || "[]") as { Rule: { Id: string }; Message: string; Filename: string }[];
  expect(findings.map((f) => `${f.Filename}: ${f.Rule.Id} ${f.Message}`)).toEqual([]);
  expect(lint.status).toBe(0);
}, 120_000);

/**
 * 100 services: 50 web services (the most one load balancer serves), 30 queue workers on 10
 * queues and 20 plain workers; two thirds of them use the database (more than the 60 rules a
 * security group allows, had each its own), ten mount a volume, the workers use buckets. Every quota check passes and cfn-lint finds no error in any stack.
 */
function hundredServices(): string {
  const lines = ["app: scale", "services:"];
  for (let i = 1; i <= 100; i++) {
    const uses = [
      ...(i % 3 !== 0 ? ["database"] : []),
      ...(i > 50 && i % 2 === 0 ? [`bucket${i % 5}`] : []),
      ...(i > 50 && i <= 80 ? [`queue${i % 10}`] : []),
    ];
    const fields = [
      "image: nginx:1",
      ...(i <= 50 ? ["port: 8080", `http: { path: /s${i} }`] : []),
      ...(i > 50 && i <= 80 ? [`queue: queue${i % 10}`] : []),
      ...(uses.length > 0 ? [`uses: [${uses.join(", ")}]`] : []),
      ...(i % 10 === 0 ? ["volumes: { shared: /mnt/shared }"] : []),
    ];
    lines.push(`  svc${i}: { ${fields.join(", ")} }`);
  }
  lines.push("database: { engine: aurora-postgresql }", "queues:");
  for (let q = 0; q < 10; q++) lines.push(`  queue${q}: {}`);
  lines.push("buckets:");
  for (let b = 0; b < 5; b++) lines.push(`  bucket${b}: {}`);
  lines.push("volumes: { shared: {} }");
  return `${lines.join("\n")}\n`;
}

test("cfn-lint finds no error in any stack of a 100-service environment", () => {
  const text = hundredServices();
  const loaded = loadManifestText(text, "berth.yml", { env: "default", checkRendered: checkQuotas });
  expect(loaded.ok ? [] : loaded.problems.map((p) => p.message)).toEqual([]);
  const rendered = render(text);
  expect(Object.keys(rendered.services)).toHaveLength(100);
  const dir = mkdtempSync(join(tmpdir(), "berth-lint-100-"));
  const files = [
    ["environment", rendered.template],
    ["app", rendered.appTemplate],
    ["dashboard", rendered.dashboard],
    ...Object.entries(rendered.services),
  ].map(([name, template]) => {
    const file = join(dir, `${name as string}.yaml`);
    writeFileSync(file, toYaml(template));
    return file;
  });
  const lint = spawnSync("cfn-lint", ["--format", "json", "--", ...files], { encoding: "utf8" });
  expect(lint.error, "cfn-lint must be installed (pip install cfn-lint); .ci/run checks for it").toBeUndefined();
  const findings = JSON.parse(lint.stdout || "[]") as { Rule: { Id: string }; Message: string; Filename: string }[];
  expect(
    findings.filter((f) => f.Rule.Id.startsWith("E")).map((f) => `${f.Filename}: ${f.Rule.Id} ${f.Message}`),
  ).toEqual([]);
}, 300_000);
