import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
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
    "other-registry",
    "app: shop\nregistry: ghcr.io/acme\nservices:\n  web: { build: ., port: 80, http: {} }\n",
    undefined,
  ],
  [
    "per-az-nat-mysql",
    "app: shop\nnetwork: { azs: 3, nat: per-az }\nservices:\n  w: { build: ., uses: [database] }\ndatabase: { engine: aurora-mysql }\n",
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
