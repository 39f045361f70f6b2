import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseCommonYaml, type ScalarMaker } from "../../src/manifest/common-yaml.js";
import { parseManifestText, parseWithYamlLibrary } from "../../src/manifest/yaml-tree.js";
import { manyServices } from "../fixtures/many-services.mjs";

const env = { SET: "8000", EMPTY: "" };
const examples = ["examples/cassandra/berth.yml", "examples/hello/berth.yml"].map((f) => readFileSync(f, "utf8"));
const noScalars: ScalarMaker = {
  make: ({ value, written, pos }) => ({ kind: "scalar", pos, value, written, interpolated: false }),
};

/** What the manifest loader reads: the common-YAML path when it applies, else the yaml library's. */
const parsed = (text: string) => parseManifestText(text, "berth.yml", env);
const reference = (text: string) => parseWithYamlLibrary(text, "berth.yml", env);

const snippets = [
  "app: shop\nservices:\n  web:\n    image: nginx:1.27\n    port: 80\n    http: {}\n",
  "a:\n- 1\n- x # c\nb:\n  - c: 'it''s'\n    d: \"q\"\n  -   e: ~\n",
  "a: { b: [1, 2.5, -3, +4, .5, 1.], c: { d: true, e: Null } }\nf: ${SET}\ng: '${UNSET}'\nh: ${EMPTY:-x}\n",
  "# top\n\nx:\n  # inside\n  y: 1\n\n  z:   \nw: # c\n",
];

describe("the common-YAML parser reads what the yaml library reads", () => {
  test.each([...examples, ...snippets])("the same tree, positions and variables for %#", (text) => {
    expect(parseCommonYaml(text, "berth.yml", noScalars)).toBeDefined();
    expect(parsed(text)).toEqual(reference(text));
  });

  test.each([1, 10, 100])("a manifest of %i services takes the common path and gives the same tree", (count) => {
    const { text } = manyServices(count);
    expect(parseCommonYaml(text, "berth.yml", noScalars)).toBeDefined();
    expect(parsed(text)).toEqual(reference(text));
  });

  test.each([
    ["an anchor", "a: &x 1\nb: *x\n"],
    ["a block scalar", "a: |\n  text\n"],
    ["a multi-line plain scalar", "a: one\n  two\n"],
    ["a tab", "a:\t1\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a hexadecimal number", "a: 0x1F\n"],
    ["a multi-line flow map", "a: { b: 1,\n  c: 2 }\n"],
  ])("%s is left to the yaml library", (_, text) => {
    expect(parseCommonYaml(text, "berth.yml", noScalars)).toBeUndefined();
    expect(parsed(text)).toEqual(reference(text));
  });

  test("on random edits of real manifests, either the same answer or the yaml library's", () => {
    const pieces = [
      " ",
      "  ",
      "\n",
      ":",
      ": ",
      "- ",
      "-",
      "#",
      " #",
      "{",
      "}",
      "[",
      "]",
      ",",
      "'",
      '"',
      "a",
      "1",
      "0.5",
    ];
    const more = ["${SET}", "${UNSET}", "~", "&a ", "*a", "|", ">", "?", "!!str ", "---\n", "\t", "\\", "0x1", "1e3"];
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.constantFrom(...pieces, ...more) });
    const base = fc.constantFrom(...snippets, examples[0]!);
    fc.assert(
      fc.property(base, fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
        let edited = text;
        for (const { at, remove, insert } of edits) {
          const i = at % (edited.length + 1);
          edited = edited.slice(0, i) + insert + edited.slice(i + remove);
        }
        expect(parsed(edited)).toEqual(reference(edited));
      }),
      { numRuns: 3000 },
    );
  });
});
