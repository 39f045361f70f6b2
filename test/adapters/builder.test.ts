import { describe, expect, test } from "vitest";
import { buildCommand, loginCommand, pushCommand, type CommandSpec } from "../../src/adapters/builder-commands.js";
import { detectBuilder, type Run } from "../../src/adapters/builder.js";
import type { Build } from "../../src/images/plan.js";

const build: Build = {
  id: "web",
  context: "/src/shop",
  dockerfile: "/src/shop/Dockerfile",
  target: "web",
  args: { PYTHON: "3.12" },
  platform: "linux/arm64",
  services: ["web"],
  labels: { "org.opencontainers.image.revision": "abc1234" },
  localTag: "berth/shop/web:abc1234",
};

describe("builder command lines", () => {
  test("docker builds with buildx and loads the image into the engine", () => {
    expect(buildCommand("docker", build)).toEqual({
      program: "docker",
      args: [
        "buildx",
        "build",
        "--load",
        "--platform",
        "linux/arm64",
        "-f",
        "/src/shop/Dockerfile",
        "--target",
        "web",
        "--build-arg",
        "PYTHON=3.12",
        "--label",
        "org.opencontainers.image.revision=abc1234",
        "-t",
        "berth/shop/web:abc1234",
        "/src/shop",
      ],
    });
  });

  test.each(["podman", "buildah"] as const)("%s builds with the same options", (name) => {
    expect(buildCommand(name, build).args.slice(0, 3)).toEqual(["build", "--platform", "linux/arm64"]);
  });

  test.each(["docker", "podman", "buildah"] as const)("%s login takes the password on stdin, never in argv", (name) => {
    const spec = loginCommand(name, "registry.example.com", "AWS", "s3cret-token");
    expect(spec.args).toContain("--password-stdin");
    expect(spec.args.join(" ")).not.toContain("s3cret-token");
    expect(spec.stdin).toBe("s3cret-token");
  });

  test("plain HTTP to a loopback registry turns TLS verification off for podman and buildah only", () => {
    expect(pushCommand("buildah", "127.0.0.1:5000/a/b:v1", { plainHttp: true }).args).toEqual([
      "push",
      "--tls-verify=false",
      "127.0.0.1:5000/a/b:v1",
    ]);
    expect(pushCommand("docker", "127.0.0.1:5000/a/b:v1", { plainHttp: true }).args).toEqual([
      "push",
      "127.0.0.1:5000/a/b:v1",
    ]);
    expect(pushCommand("podman", "ghcr.io/a/b:v1").args).toEqual(["push", "ghcr.io/a/b:v1"]);
  });
});

/** A machine with these commands working: "docker buildx version" → exit code. */
function machine(working: Record<string, number>): Run & { calls: string[] } {
  const calls: string[] = [];
  const run = async (spec: CommandSpec) => {
    const line = [spec.program, ...spec.args].join(" ");
    calls.push(line);
    const code = Object.entries(working).find(([prefix]) => line.startsWith(prefix))?.[1] ?? 127;
    return { code, tail: code === 0 ? [] : ["Cannot connect to the Docker daemon"] };
  };
  return Object.assign(run, { calls });
}

describe("builder detection", () => {
  test("Docker with buildx and a running engine comes first", async () => {
    expect(
      await detectBuilder(undefined, machine({ "docker buildx": 0, "docker info": 0, "podman --version": 0 })),
    ).toBe("docker");
  });

  test("Docker without a running engine falls through to Podman", async () => {
    expect(
      await detectBuilder(undefined, machine({ "docker buildx": 0, "docker info": 1, "podman --version": 0 })),
    ).toBe("podman");
  });

  test("Docker without buildx falls through, and Buildah is last", async () => {
    expect(await detectBuilder(undefined, machine({ "docker buildx": 1, "buildah --version": 0 }))).toBe("buildah");
  });

  test("a chosen builder is used without probing the others", async () => {
    const run = machine({ "docker buildx": 0, "docker info": 0, "buildah --version": 0 });
    expect(await detectBuilder("buildah", run)).toBe("buildah");
    expect(run.calls).toEqual(["buildah --version"]);
  });

  test("with none installed, the error says what each lacks and what to install", async () => {
    const error = await detectBuilder(undefined, machine({})).catch((e: unknown) => e);
    expect(error).toMatchObject({
      message: "no image builder found (docker: not installed; podman: not installed; buildah: not installed)",
    });
    expect((error as { hint: string }).hint).toMatch(/Docker with buildx .*Podman .*Buildah/);
  });

  test("an unknown builder name is a usage error", async () => {
    await expect(detectBuilder("kaniko", machine({}))).rejects.toMatchObject({
      exitCode: 2,
      hint: "choose one of: docker, podman, buildah",
    });
  });

  test("a chosen builder that is missing says so", async () => {
    await expect(detectBuilder("podman", machine({}))).rejects.toMatchObject({
      message: "the chosen builder podman is not usable: not installed",
    });
  });
});
