import { describe, expect, test } from "vitest";
import { manyServices } from "../fixtures/many-services.mjs";
import { manifest, problems } from "./helpers.js";

describe("a manifest of 100 services", () => {
  const many = manyServices(100);

  test("of every kind is valid for the base and for each environment", () => {
    expect(problems(many.text)).toEqual([]);
    const production = manifest(many.text, { env: "production" });
    expect(Object.keys(production.services)).toHaveLength(100);
    expect(production.database?.readers).toBe(1);
  });

  test("an environment's change to one service is checked in that environment, at its line", () => {
    const text = `${many.text}  broken:\n    services:\n      worker2: { cpu: 300 }\n`;
    const line = text.split("\n").indexOf("      worker2: { cpu: 300 }") + 1;
    expect(problems(text)).toEqual([expect.objectContaining({ path: "services.worker2.cpu", line, env: "broken" })]);
  });

  test("an environment that changes none of the services still gets its own settings", () => {
    const staging = manifest(many.text, { env: "staging" });
    expect(staging.database?.capacity.max).toBe(2);
    expect(staging.services.web1?.http?.path).toBe("/web1/*");
  });
});
