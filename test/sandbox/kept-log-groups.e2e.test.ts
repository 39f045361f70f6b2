import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

// Production keeps a removed service's log group (Retain, same name), and the service's stack,
// created again, takes it over (ImportExistingResources). moto cannot import: the sandbox hands
// the new stack a fresh group of that name (src/sandbox/import-existing.ts), so a service removed
// and added back deploys in the sandbox as it does in AWS.

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const workers = (names: string[]) =>
  `app: kept\nservices:\n${names.map((n) => `  ${n}: { image: "${IMAGE}" }\n`).join("")}environments:\n  production: { network: { nat: none } }\n`;
const sandbox = useSandbox();
const dir = mkdtempSync(join(tmpdir(), "berth-kept-logs-"));
const file = join(dir, "berth.yml");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const deploy = (names: string[]) => {
  writeFileSync(file, workers(names));
  return berthAsync(["deploy", "-e", "production", "--yes", "-f", file], {
    ...sandbox().environment,
    HOME: dir,
    CI: "true",
  });
};

test("a production service removed and added back deploys again, its log group taken over", async () => {
  expect((await deploy(["mailer", "reports"])).code).toBe(0);
  const removed = await deploy(["mailer"]);
  expect(removed.code, removed.stderr).toBe(0);
  // The history says what the exit code says: the release that removed a service succeeded.
  const history = await berthAsync(["releases", "-e", "production", "--json", "-f", file], sandbox().environment);
  const { releases } = JSON.parse(history.stdout) as { releases: { outcome: string }[] };
  expect(releases[0]?.outcome).toBe("succeeded");
  const again = await deploy(["mailer", "reports"]);
  expect(again.code, again.stderr).toBe(0);
}, 240_000);
