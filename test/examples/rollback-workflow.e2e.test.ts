import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";
import { interpolate } from "./github-expressions.js";

// examples/github/rollback.yml's berth step, run as the runner would: its inputs evaluated by
// GitHub's expression language, action.yml's script run by bash with no terminal, and `npx`
// standing for the package it names (this build of berth), against the sandbox.

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-rollback-workflow-"));
const write = (release: string) =>
  writeFileSync(
    join(dir, "berth.yml"),
    `app: wf\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: 0m }, env: { RELEASE: "${release}" } }\nenvironments: { staging: {}, production: {} }\n`,
  );
const berth = (...args: string[]) =>
  berthAsync([...args, "-f", join(dir, "berth.yml")], { ...sandbox().environment, CI: "true" });

type Step = { uses?: string; with?: Record<string, string> };
type Action = {
  inputs: Record<string, { default: string }>;
  runs: { steps: Array<{ run: string; env: Record<string, string> }> };
};
const workflow = parse(readFileSync("examples/github/rollback.yml", "utf8")) as {
  jobs: { rollback: { steps: Step[] } };
};
const action = parse(readFileSync("action.yml", "utf8")) as Action;
const npx = join(mkdtempSync(join(tmpdir(), "berth-npx-")), "npx");
// `npx --yes berth-ecs@X ARGS…`: says which package it was asked for, then runs this build with ARGS.
writeFileSync(
  npx,
  `#!/bin/sh\necho "npx package: $2" >&2\nshift 2\nexec "${process.execPath}" "${resolve("bin/berth.js")}" "$@"\n`,
  { mode: 0o755 },
);
const binDir = join(npx, "..");

function runWorkflow(inputs: Record<string, string>): Promise<{ code: number; stderr: string; outputs: string }> {
  const step = workflow.jobs.rollback.steps.find((s) => s.uses?.endsWith("/berth@v1"))!;
  const given = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(v, { inputs })]));
  const values = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, i]) => [k, i.default])), ...given };
  const script = action.runs.steps[0]!;
  const env = Object.fromEntries(
    Object.entries(script.env).map(([name, expression]) => [name, values[/inputs\.([\w-]+)/.exec(expression)![1]!]!]),
  );
  const outputs = join(dir, `outputs-${Date.now()}`);
  writeFileSync(outputs, "");
  return new Promise((done) => {
    execFile(
      "bash",
      ["-c", script.run],
      {
        cwd: dir,
        env: {
          ...sandbox().environment,
          ...env,
          PATH: `${binDir}:${process.env.PATH ?? ""}`,
          CI: "true",
          GITHUB_ACTIONS: "true",
          GITHUB_OUTPUT: outputs,
        },
      },
      (error, _stdout, stderr) =>
        done({
          code: error ? ((error as { code?: number }).code ?? 1) : 0,
          stderr,
          outputs: readFileSync(outputs, "utf8"),
        }),
    );
  });
}

test("the rollback workflow rolls staging back with no terminal, through the pinned package", async () => {
  write("1");
  expect((await berth("deploy", "-e", "staging", "--yes")).code).toBe(0);
  write("2");
  expect((await berth("deploy", "-e", "staging", "--yes")).code).toBe(0);
  const run = await runWorkflow({ environment: "staging", release: "" });
  expect(run.stderr).toMatch(/npx package: berth-ecs@\d+\.\d+\.\d+/);
  expect(run.stderr).toMatch(/web: released arn:aws:ecs:.*task-definition\/wf-staging-web:1/);
  expect(run.code).toBe(0);
  expect(run.outputs).toMatch(/^outcome=rolled-back$/m);
}, 180_000);

test("with a release id, it returns to that release", async () => {
  const releases = JSON.parse((await berth("releases", "-e", "staging", "--json")).stdout) as {
    releases: { id: string; kind: string; outcome: string }[];
  };
  const second = releases.releases.filter((r) => r.kind === "deploy" && r.outcome === "succeeded")[0]!;
  const run = await runWorkflow({ environment: "staging", release: second.id });
  expect(run.stderr).toMatch(/web: released arn:aws:ecs:.*task-definition\/wf-staging-web:2/);
  expect(run.code).toBe(0);
}, 180_000);
