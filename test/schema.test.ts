import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { manifestJsonSchema } from "../src/manifest/json-schema.js";

const examples = ["examples/hello/berth.yml", "examples/cassandra/berth.yml"];

// The shipped schema/berth.schema.json is written by the build, which the tests run first;
// .ci/run fails when that changes the committed copy, so a stale one cannot be shipped.
describe("JSON Schema", () => {
  test("the schema is valid JSON Schema 2020-12", () => {
    const ajv = new Ajv2020({ strict: false });
    expect(() => ajv.compile(manifestJsonSchema())).not.toThrow();
  });

  test.each(examples)("%s passes the editor schema too", (file) => {
    const validate = new Ajv2020({ strict: false }).compile(manifestJsonSchema());
    const data = parse(readFileSync(file, "utf8")) as unknown;
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  });

  test("the editor schema rejects what the validator rejects: unknown keys and bad enums", () => {
    const validate = new Ajv2020({ strict: false }).compile(manifestJsonSchema());
    expect(validate({ app: "shop", services: { web: { image: "x", prot: 80 } } })).toBe(false);
    expect(validate({ app: "shop", services: { web: { image: "x", deploy: { strategy: "blugreen" } } } })).toBe(false);
  });
});

test("in an environment the editor schema accepts null, which removes a key", () => {
  const validate = new Ajv2020({ strict: false }).compile(manifestJsonSchema());
  expect(
    validate({
      app: "shop",
      services: { web: { build: "." } },
      environments: { demo: { services: { web: { build: null, image: "x" } }, database: null } },
    }),
  ).toBe(true);
  expect(validate({ app: "shop", services: { web: { build: null } } })).toBe(false);
});
