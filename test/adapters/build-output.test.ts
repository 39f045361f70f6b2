import { resolve } from "node:path";
import { afterAll, expect, test } from "vitest";
import { commandBuilder, withoutPlatformArgWarning } from "../../src/adapters/builder.js";
import type { Build } from "../../src/images/plan.js";
import { runCommand } from "../../src/adapters/run-command.js";
import { buildahEnv } from "../helpers/buildah-env.mjs";

const buildah = buildahEnv();
afterAll(() => buildah.remove());

const context = resolve("test/images/fixture/app");
const build: Build = {
  id: "web",
  context,
  dockerfile: `${context}/Dockerfile`,
  args: { GREETING: "hi" },
  platform: "linux/amd64",
  services: ["web"],
  labels: {},
  localTag: "berth-test/noise/web:1",
};

test("a Buildah build shows no warning about the platform arguments Buildah set itself", async () => {
  const lines: string[] = [];
  const builder = commandBuilder("buildah", (spec, onLine) =>
    runCommand(spec, onLine, { ...process.env, ...buildah.env }),
  );
  await builder.build(build, (line) => lines.push(line));
  expect(lines.some((l) => /Successfully tagged/.test(l))).toBe(true);
  expect(lines.filter((l) => /not consumed/.test(l))).toEqual([]);
}, 120_000);

test("a build argument of the manifest's that the Dockerfile ignores is still reported, alone", () => {
  const lines: string[] = [];
  const onLine = withoutPlatformArgWarning((line) => lines.push(line));
  onLine("[Warning] one or more build args were not consumed: [TARGETARCH TARGETOS TARGETPLATFORM]");
  onLine("[Warning] one or more build args were not consumed: [PYTHON TARGETARCH TARGETOS TARGETPLATFORM]");
  onLine("STEP 1/2: FROM scratch");
  expect(lines).toEqual(["[Warning] one or more build args were not consumed: [PYTHON]", "STEP 1/2: FROM scratch"]);
});
