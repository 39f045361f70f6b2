import { describe, expect, test } from "vitest";
import { appName, exposedPort, ignoringOutput, initialManifest } from "../../src/manifest/init.js";
import { manifest } from "./helpers.js";

describe("berth init", () => {
  test("a Dockerfile that exposes a port becomes a web service behind the load balancer, and validates", () => {
    const result = initialManifest({ directory: "My_Shop", dockerfile: "FROM python:3.12\nEXPOSE 8000/tcp\n" });
    if (!result.ok) throw new Error(result.message);
    const m = manifest(result.text);
    expect(m.app).toBe("my-shop");
    expect(m.services.web).toMatchObject({ build: { context: "." }, port: 8000, http: { path: "/" } });
  });

  test("without EXPOSE the service has no http, and still validates", () => {
    const result = initialManifest({ directory: "jobs", dockerfile: 'FROM alpine\nCMD ["work"]\n' });
    if (!result.ok) throw new Error(result.message);
    expect(manifest(result.text).services.web?.http).toBeUndefined();
  });

  test("an image and a port can be given instead", () => {
    const result = initialManifest({ directory: "x", image: "nginx:1.27", port: 80 });
    if (!result.ok) throw new Error(result.message);
    expect(manifest(result.text).services.web).toMatchObject({ image: "nginx:1.27", port: 80 });
  });

  test("with nothing to build or run it says what to add", () => {
    expect(initialManifest({ directory: "x" })).toEqual({
      ok: false,
      message: "there is no Dockerfile here to build",
      hint: "add a Dockerfile, or pass --image NAME:TAG to run a prebuilt image",
    });
  });

  test("directory names become valid app names", () => {
    expect([appName("My_Shop.API"), appName("42things"), appName("___"), appName("a".repeat(40))]).toEqual([
      "my-shop-api",
      "things",
      "app",
      "a".repeat(24),
    ]);
    expect(exposedPort("FROM x\n  expose 3000 3001\n")).toBe(3000);
  });
});

describe("berth init's .gitignore", () => {
  test("a project without one gets one that ignores .berth/", () => {
    expect(ignoringOutput(undefined)).toBe("# berth's own output (berth render --out .berth/render)\n.berth/\n");
  });

  test("an existing one keeps its lines and gains .berth/ on a line of its own", () => {
    expect(ignoringOutput("node_modules")).toBe(
      "node_modules\n# berth's own output (berth render --out .berth/render)\n.berth/\n",
    );
  });

  test("one that ignores .berth already is left as it is", () => {
    expect(ignoringOutput("dist/\n/.berth\n")).toBeUndefined();
  });
});
