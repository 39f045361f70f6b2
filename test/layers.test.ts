import { ESLint } from "eslint";
import { describe, expect, test } from "vitest";

// The import rules of eslint.config.js, which `npm test` runs over the tree: each case is a
// file that would break a layer of docs/architecture.md, linted where it would live.
const eslint = new ESLint();

const LAYER_RULES = ["@typescript-eslint/no-restricted-imports", "no-restricted-syntax"];

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath });
  return (result?.messages ?? []).filter((m) => LAYER_RULES.includes(m.ruleId ?? "")).map((m) => m.message);
}

describe("the layers are enforced by the linter", () => {
  test.each([
    ["src/images/x.ts", 'import { x } from "../aws/ecr.js";', /aws\//],
    ["src/images/x.ts", 'import { x } from "../adapters/builder.js";', /adapters\//],
    ["src/deployers/x.ts", 'const { x } = await import("../adapters/git.js");', /adapters\/.*import\(\)/],
    ["src/adapters/x.ts", 'import { x } from "../aws/ecr.js";', /aws\//],
    ["src/deployers/x.ts", 'import { x } from "../ui/output.js";', /ui\//],
    ["src/deployers/release/x.ts", 'import { x } from "../../sandbox/simulator/model.js";', /sandbox\//],
    ["src/deployers/x.ts", 'import { x } from "@aws-sdk/client-ecs";', /only src\/aws\//],
    ["src/render/x.ts", 'import { x } from "../deployers/live-traffic.js";', /deployers\//],
    ["src/manifest/rules/x.ts", 'import { x } from "../../render/template.js";', /render\//],
    ["src/manifest/x.ts", 'import { x } from "../aws/settings.js";', /aws\//],
    ["src/commands/deploy.ts", 'import { x } from "../sandbox/sandbox.js";', /sandbox\//],
    ["src/aws/x.ts", 'import { x } from "../ui/output.js";', /ui\//],
    ["src/deployers/x.ts", 'const { x } = await import("../aws/ecr.js");', /aws\/.*also through import\(\)/],
    ["src/ui/x.ts", 'const { x } = await import("../../commands/deploy.js");', /commands\/.*import\(\)/],
    ["src/deployers/x.ts", 'const x = await import("@aws-sdk/client-ecs");', /only src\/aws\/.*import\(\)/],
    ["src/time/x.ts", 'import { x } from "../deployers/live-traffic.js";', /deployers\//],
    ["src/version.ts", 'import { x } from "./manifest/load.js";', /manifest\//],
    ["src/cli.ts", 'const { x } = await import("./aws/ecr.js");', /aws\/.*import\(\)/],
    ["src/cost/x.ts", 'import { x } from "../aws/settings.js";', /aws\//],
    ["src/adopt/x.ts", 'import { x } from "../render/render.js";', /render\//],
    ["src/adopt/x.ts", 'import { x } from "../ui/output.js";', /ui\//],
    ["src/manifest/x.ts", 'import { x } from "../adopt/compose.js";', /adopt\//],
  ])("%s may not %s", async (file, source, message) => {
    expect(await importErrors(file, source)).toEqual([expect.stringMatching(message)]);
  });

  test.each([
    ["src/commands/sandbox.ts", 'import { x } from "../sandbox/sandbox.js";'],
    ["src/deployers/x.ts", 'import type { x } from "@aws-sdk/client-ecs";'],
    ["src/render/x.ts", 'import { x } from "../manifest/names.js";'],
    ["src/aws/x.ts", 'import type { x } from "../images/destination.js";'],
    ["src/aws/x.ts", 'import { x } from "../adapters/http-transport.js";'],
    ["src/adapters/x.ts", 'import type { x } from "../images/image-port.js";'],
    ["src/commands/x.ts", 'const { x } = await import("../adapters/image-ports.js");'],
    ["src/aws/x.ts", 'const x = await import("@aws-sdk/client-ecs");'],
    ["src/ui/x.ts", 'const { x } = await import("./live/live-view.js");'],
    ["src/program.ts", 'const { x } = await import("./commands/preview.js");'],
    ["src/adopt/x.ts", 'import { x } from "../manifest/fargate.js";'],
  ])("%s may %s", async (file, source) => {
    expect(await importErrors(file, source)).toEqual([]);
  });
});

describe("output goes through src/ui/standard-streams.ts", () => {
  const streamErrors = async (filePath: string, source: string) => {
    const [result] = await eslint.lintText(`${source}\n`, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-properties").map((m) => m.message);
  };

  test.each([
    ["src/commands/x.ts", 'process.stdout.write("x");'],
    ["src/ui/x.ts", "export const tty = process.stderr.isTTY;"],
  ])("%s may not %s", async (file, source) => {
    expect(await streamErrors(file, source)).toEqual([expect.stringMatching(/standard-streams\.ts/)]);
  });

  test("the module that writes them may", async () => {
    expect(await streamErrors("src/ui/standard-streams.ts", "export const s = process.stdout;")).toEqual([]);
  });
});
