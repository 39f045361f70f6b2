import fc from "fast-check";
import { expect, test } from "vitest";
import { parse } from "yaml";
import { toYaml } from "../../src/render/template-yaml.js";
import { CASSANDRA, render } from "./helpers.js";

test("a rendered template reads back as the same data", () => {
  const template = render(CASSANDRA, { env: "production" }).template;
  expect(parse(toYaml(template))).toEqual(template);
});

test("any JSON data reads back as the same data", () => {
  const key = fc.string({ minLength: 1, maxLength: 12 });
  const data = fc.dictionary(key, fc.jsonValue({ maxDepth: 4 }));
  fc.assert(
    fc.property(data, (value) => {
      expect(parse(toYaml(value))).toEqual(JSON.parse(JSON.stringify(value)));
    }),
    { numRuns: 500 },
  );
});
