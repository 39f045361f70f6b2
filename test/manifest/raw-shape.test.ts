import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, expectTypeOf, test } from "vitest";
import { checkShape } from "../../src/manifest/check-shape.js";
import type { RawManifest, RawSchedule, RawService } from "../../src/manifest/raw.js";
import { serviceSchema } from "../../src/manifest/service-schema.js";
import { parseManifestText } from "../../src/manifest/yaml-tree.js";

// raw.ts reads the manifest's types off the schema (`Infer`, schema-dsl.ts). The type-level
// expectations below are checked by `tsc --noEmit` (npm test's typecheck); the runtime ones
// pin that the checker's values are what those types say.

describe("the raw manifest's types are read off the schema", () => {
  test("each key has the type its schema gives it", () => {
    expectTypeOf<RawService["port"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RawService["arch"]>().toEqualTypeOf<"amd64" | "arm64" | undefined>();
    expectTypeOf<RawService["stopTimeout"]>().toEqualTypeOf<number | undefined>(); // a duration: seconds
    expectTypeOf<RawService["uses"]>().toEqualTypeOf<(string | undefined)[] | undefined>();
    expectTypeOf<RawService["env"]>().toEqualTypeOf<Record<string, string> | undefined>();
    expectTypeOf<NonNullable<RawService["count"]>>().toMatchTypeOf<number | { min?: number; max?: number }>();
    expectTypeOf<RawSchedule["rate"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<NonNullable<RawManifest["environments"]>[string]["services"]>().toEqualTypeOf<
      RawManifest["services"]
    >();
    // An environment cannot rename the app or hold environments of its own.
    expectTypeOf<NonNullable<RawManifest["environments"]>[string]>().not.toHaveProperty("app");
    expectTypeOf<RawService>().not.toHaveProperty("replicas");
    // @ts-expect-error: the schema has no such key, so neither has the type
    const typo: RawService = { prot: 80 };
    expect(typo).toBeDefined();
  });

  test("the checker's values are what the types say: seconds, holes, and the written text of coerced strings", () => {
    const { tree } = parseManifestText(
      "image: nginx\nport: 80\nstopTimeout: 1m\nuses: [database, 7, jobs]\nenv: { N: 3 }\narch: arm64\n",
      "berth.yml",
      {},
    );
    const { value, problems } = checkShape(tree!, serviceSchema);
    expectTypeOf(value).toEqualTypeOf<RawService | undefined>();
    expect(value).toEqual({
      image: "nginx",
      port: 80,
      stopTimeout: 60,
      uses: ["database", undefined, "jobs"],
      env: { N: "3" },
      arch: "arm64",
    });
    expect(problems.map((p) => p.path)).toEqual(["uses[1]"]);
  });
});

describe("a disagreement between the schema and the code fails to compile", () => {
  // A schema and code written against it, compiled by the TypeScript compiler with the
  // project's options: the code that agrees compiles, the code that reads a key the schema
  // lacks, or reads a key as the wrong type, does not.
  const DSL = resolve("src/manifest/schema-dsl.js");
  const errorsOf = (code: string) => {
    const dir = mkdtempSync(join(tmpdir(), "berth-infer-"));
    const file = join(dir, "fixture.ts");
    writeFileSync(
      file,
      `import { obj, int, oneOfStrings, list, str, type Infer } from ${JSON.stringify(DSL)};\n` +
        `const service = obj({ port: int(), arch: oneOfStrings(["amd64", "arm64"]), command: list(str()) });\n` +
        `type Raw = Infer<typeof service>;\n` +
        `export function read(raw: Raw) {\n${code}\n}\n`,
    );
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      types: [],
    });
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  };

  test("code that agrees with the schema compiles", () => {
    expect(
      errorsOf(
        `const port: number = raw.port ?? 80; const arch: "amd64" | "arm64" = raw.arch ?? "amd64"; return [port, arch];`,
      ),
    ).toEqual([]);
  }, 60_000);

  test("a key the schema lacks, an enum value it does not list, or a list read without its holes, does not", () => {
    expect(errorsOf(`return raw.ports;`).join("\n")).toMatch(/Property 'ports' does not exist/);
    expect(errorsOf(`const arch: "amd64" = raw.arch ?? "amd64"; return arch;`).join("\n")).toMatch(/arm64/);
    expect(errorsOf(`const command: string[] = raw.command ?? []; return command;`).join("\n")).toMatch(/undefined/);
  }, 60_000);
});
