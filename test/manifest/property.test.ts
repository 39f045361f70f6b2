import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import type { Loaded } from "../../src/manifest/load.js";
import { load } from "./helpers.js";

const cassandra = parse(readFileSync("examples/cassandra/berth.yml", "utf8")) as Record<string, unknown>;

/** Either a manifest, or problems that each point at a real place with a message. */
function wellFormed(result: Loaded, text: string): void {
  if (result.ok) {
    expect(result.manifest.app).toMatch(/^[a-z]/);
    return;
  }
  const lineCount = text.split("\n").length;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const p of result.problems) {
    expect(p.file).toBe("berth.yml");
    expect(p.message.length).toBeGreaterThan(0);
    // Line 0 is the file as a whole: `-e NAME` on a manifest that defines no environments.
    if (p.line === 0 && p.path === "" && /defines no environments/.test(p.message)) continue;
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.line).toBeLessThanOrEqual(lineCount + 1);
    expect(p.col).toBeGreaterThanOrEqual(1);
    expect(p.message.length).toBeGreaterThan(0);
  }
}

type Mutation = { kind: "delete" | "replace" | "rename"; at: number; value: unknown; name: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("delete", "replace", "rename"),
  at: fc.nat(),
  value: fc.jsonValue({ maxDepth: 2 }),
  name: fc.string({ maxLength: 12 }),
});

/** Applies a mutation to the n-th map entry of a deep copy, walking maps and lists in order. */
function mutate(doc: unknown, m: Mutation): unknown {
  const copy = structuredClone(doc);
  const entries: [Record<string, unknown>, string][] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const key of Object.keys(node)) {
        entries.push([node as Record<string, unknown>, key]);
        walk((node as Record<string, unknown>)[key]);
      }
    }
  };
  walk(copy);
  const target = entries[m.at % entries.length];
  if (!target) return copy;
  const [parent, key] = target;
  if (m.kind === "delete") delete parent[key];
  if (m.kind === "replace") parent[key] = m.value;
  if (m.kind === "rename" && m.name !== "") {
    parent[m.name] = parent[key];
    delete parent[key];
  }
  return copy;
}

describe("the loader never throws", () => {
  test("on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => wellFormed(load(text), text)),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 400) },
    );
  });

  test("on YAML-looking text built from manifest fragments", () => {
    const fragment = fc.constantFrom(
      "app: shop\n",
      "services:\n",
      "  web:\n",
      "    port: 80\n",
      "    http: {}\n",
      "  - x\n",
      "{",
      "}",
      ": ",
      "${X}",
      "&a ",
      "*a",
      "<<: *a\n",
      "\t",
      "    image: x\n",
      "environments:\n",
      "  prod: ~\n",
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
        const text = parts.join("");
        wellFormed(load(text), text);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 400) },
    );
  });

  test("on mutations of the reference manifest, for every environment", () => {
    fc.assert(
      fc.property(
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(undefined, "staging", "production", "pr-3"),
        (mutations, env) => {
          const doc = mutations.reduce<unknown>((d, m) => mutate(d, m), cassandra);
          const text = stringify(doc);
          wellFormed(load(text, env === undefined ? {} : { env }), text);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 400) },
    );
  });

  test("secret references never appear in any problem", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{3,8}:[A-Za-z0-9]{12,20}$/),
        fc.jsonValue({ maxDepth: 1 }),
        (secret, other) => {
          const text = stringify({
            app: "shop",
            services: { w: { image: "x", secrets: { A: secret, B: other }, cpu: other } },
          });
          const result = load(text);
          if (result.ok) return;
          expect(JSON.stringify(result.problems)).not.toContain(secret);
        },
      ),
      { numRuns: 200 },
    );
  });
});
