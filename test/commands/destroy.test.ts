import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";

// What destroy asks before touching AWS: no endpoint is needed, as nothing is confirmed.
const dir = mkdtempSync(join(tmpdir(), "berth-destroy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function manifest(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
const single = manifest("single.yml", "app: shop\nservices: { web: { image: nginx, port: 80, http: {} } }\n");
const staged = manifest(
  "staged.yml",
  "app: shop\nservices: { web: { image: nginx, port: 80, http: {} } }\nenvironments: { staging: {}, preview: {} }\n",
);

describe("berth destroy", () => {
  test("without -e, a manifest without environments means its default environment", async () => {
    const run = await berthAsync(["destroy", "-f", single]);
    expect(run.stderr).toContain("this removes environment default: its services and stack shop-default");
    expect(run.code).toBe(3); // refused: no terminal and no --yes
  });

  test("-e default names the same environment", async () => {
    expect((await berthAsync(["destroy", "-f", single, "-e", "default"])).stderr).toContain("stack shop-default");
  });

  test("without -e, a manifest with environments asks for one and lists them", async () => {
    const run = await berthAsync(["destroy", "-f", staged]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("pass -e with one of: staging, preview");
  });

  test("a preview environment's data is deleted without --delete-data", async () => {
    expect((await berthAsync(["destroy", "-f", staged, "-e", "pr-7"])).stderr).toContain(
      "stack shop-pr-7, and ALL ITS DATA",
    );
  });

  test("a misspelt environment gets a did-you-mean", async () => {
    const run = await berthAsync(["destroy", "-f", staged, "-e", "stage"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('environment "stage" is not defined; did you mean staging?');
  });

  test("--preview destroys the pull request's preview named by the GitHub event", async () => {
    const event = manifest("event.json", JSON.stringify({ pull_request: { number: 31 } }));
    const run = await berthAsync(["destroy", "-f", staged, "--preview"], { GITHUB_EVENT_PATH: event });
    expect(run.stderr).toContain("this removes environment pr-31: its services and stack shop-pr-31, and ALL ITS DATA");
  });

  test("--preview with -e is a usage error", async () => {
    const run = await berthAsync(["destroy", "-f", staged, "--preview", "-e", "staging"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--preview and -e both name the environment");
  });
});
