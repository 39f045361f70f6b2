import { describe, expect, test } from "vitest";
import { interpolate } from "../../src/manifest/interpolate.js";
import { loadManifest } from "../../src/manifest/load.js";
import { lines, manifest } from "./helpers.js";

describe("${VAR} interpolation", () => {
  test("a set variable is substituted", () => {
    expect(manifest("app: ${APP}\nservices: { w: { image: x } }\n", { vars: { APP: "shop" } }).app).toBe("shop");
  });

  test("a default is used when the variable is unset", () => {
    expect(manifest("app: ${APP:-shop}\nservices: { w: { image: x } }\n").app).toBe("shop");
  });

  test("an unset variable without a default is an error at the variable", () => {
    expect(lines("app: shop\nservices:\n  w:\n    image: repo/w:${TAG}\n")).toEqual([
      "berth.yml:4:19: services.w.image: environment variable TAG is not set",
    ]);
  });

  test("an unset variable is one problem, not also the empty value's", () => {
    const text = "app: shop\nservices: { w: { image: x } }\ncertificate: ${CERT}\n";
    expect(lines(text)).toEqual(["berth.yml:3:14: certificate: environment variable CERT is not set"]);
  });

  test("the reference app's unset certificate variable is one problem, at production", async () => {
    const loaded = await loadManifest("examples/cassandra/berth.yml", { vars: {} });
    expect(loaded.ok ? [] : loaded.problems.map((p) => p.message)).toEqual([
      "environment variable CASSANDRA_CERTIFICATE_ARN is not set",
    ]);
  });

  test("an unquoted interpolated number is a number", () => {
    expect(manifest("app: shop\nservices:\n  w:\n    image: x\n    port: ${PORT:-8000}\n").services.w?.port).toBe(8000);
  });

  test("$${VAR} is a literal", () => {
    expect(interpolate("a $${HOME} b", { HOME: "/root" }).value).toBe("a ${HOME} b");
  });

  test("an interpolated value is shown as written, never as its value", () => {
    const [line] = lines("app: shop\nservices:\n  w:\n    image: x\n    port: ${PORT}\n", {
      vars: { PORT: "hunter2" },
    });
    expect(line).toContain('"${PORT}"');
    expect(line).not.toContain("hunter2");
  });
});
