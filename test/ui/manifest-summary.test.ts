import { expect, test } from "vitest";
import { reportValid } from "../../src/ui/manifest-summary.js";
import type { Output } from "../../src/ui/output.js";
import { manyServices } from "../fixtures/many-services.mjs";
import { manifestOf } from "../render/helpers.js";

function printed(text: string, env?: string): string[] {
  const lines: string[] = [];
  const out: Output = { json: false, github: false, color: false, line: (t) => void lines.push(t), note: () => {} };
  reportValid(manifestOf(text, env ? { env } : {}), "berth.yml", out);
  return lines;
}

test("a few services are named on the one success line", () => {
  expect(
    printed("app: shop\nservices:\n  web: { image: nginx, port: 80, http: {} }\n  worker: { image: nginx }\n"),
  ).toEqual(["ok berth.yml: app shop, 2 services: web, worker"]);
});

test("many services are counted by kind on the success line, their names wrapped below it", () => {
  const many = manyServices(100);
  const lines = printed(many.text, "staging");
  expect(lines[0]).toBe("ok berth.yml: app many (environment staging), 100 services (50 web, 50 workers):");
  expect(lines.slice(1).every((line) => line.startsWith("  ") && line.length <= 100)).toBe(true);
  expect(lines.slice(1).join(" ").trim().split(/,? +/)).toEqual(many.names);
});
