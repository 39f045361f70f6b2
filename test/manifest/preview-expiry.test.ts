import { describe, expect, test } from "vitest";
import { lines, manifest } from "./helpers.js";

const base = "app: shop\nservices:\n  web: { image: x }\n";

describe("environments.preview.expires", () => {
  test("days are a duration, and every pr-<n> reads the preview's expiry", () => {
    const m = manifest(`${base}environments:\n  preview:\n    expires: 7d\n`, { env: "pr-4" });
    expect(m.expires).toBe(7 * 86400);
  });

  test("an environment other than the preview, or the base, may not expire", () => {
    expect(lines(`${base}expires: 3d\nenvironments:\n  staging:\n    expires: 1d\n`)).toEqual([
      "berth.yml:4:1: expires: only previews expire",
      "berth.yml:7:5: environments.staging.expires: only previews expire",
    ]);
  });

  test("less than an hour is refused", () => {
    expect(lines(`${base}environments:\n  preview:\n    expires: 30m\n`)[0]).toContain("environments.preview.expires");
  });
});
