import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { imageRequest } from "../../src/commands/image-options.js";
import { UserError } from "../../src/exit-codes.js";
import { renderApplication } from "../../src/render/render.js";

const BASE = "app: shop\nservices:\n  web: { build: ., port: 8000, http: {} }\n";

function manifestFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "berth-registry-")), "berth.yml");
  writeFileSync(file, text);
  return file;
}

async function renderedWith(text: string, registry?: string) {
  const loaded = await imageRequest("berth deploy", {
    file: manifestFile(text),
    json: true,
    ...(registry ? { registry } : {}),
  });
  const result = renderApplication(loaded!.request.manifest);
  if (!result.ok) throw new Error("render failed");
  return result.rendered;
}

describe("--registry is registry: given on the command line", () => {
  test("deploy --registry renders the same stacks and task definitions as registry: in berth.yml", async () => {
    const flag = await renderedWith(BASE, "ghcr.io/acme");
    expect(flag).toEqual(await renderedWith(`registry: ghcr.io/acme\n${BASE}`));
    expect(flag.taskDefinitions.web?.containerDefinitions?.[0]?.repositoryCredentials).toBeDefined();
    // Another registry needs no ECR repositories: the app stack holds only berth's table and template bucket.
    const types = Object.values(flag.appTemplate?.Resources ?? {}).map((r) => (r as { Type: string }).Type);
    expect(types.filter((type) => type.startsWith("AWS::ECR::"))).toEqual([]);
    expect(types).toContain("AWS::DynamoDB::Table");
  });

  test("--registry replaces the manifest's registry:", async () => {
    const flag = await renderedWith(`registry: quay.io/other\n${BASE}`, "ghcr.io/acme");
    expect(flag).toEqual(await renderedWith(`registry: ghcr.io/acme\n${BASE}`));
  });

  test("a --registry that is not a registry is a usage error", async () => {
    const failure = await imageRequest("berth push", {
      file: manifestFile(BASE),
      json: true,
      registry: "https://ghcr.io",
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect(failure).toMatchObject({ exitCode: 2, message: expect.stringContaining("expected a registry host") });
  });
});
