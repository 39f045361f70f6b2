import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { buildahEnv, type BuildahEnv } from "../helpers/buildah-env.mjs";
import { startRegistry, type RegistryServer } from "../helpers/registry-server.mjs";

// Real components: Buildah builds a FROM scratch image from the fixture, and a real
// registry on loopback with htpasswd auth receives it. Verified through the registry's API.

let registry: RegistryServer;
let buildah: BuildahEnv;
let project: string;
/** Every command line buildah was started with, recorded by a shim in front of it on PATH. */
let argvLog: string;

beforeAll(async () => {
  registry = await startRegistry();
  buildah = buildahEnv();
  project = mkdtempSync(join(tmpdir(), "berth-push-"));
  argvLog = join(buildah.dir, "argv.log");
  mkdirSync(join(buildah.dir, "shim"));
  writeFileSync(
    join(buildah.dir, "shim", "buildah"),
    `#!/bin/sh\necho "$*" >> '${argvLog}'\nexec ${which("buildah")} "$@"\n`,
    { mode: 0o755 },
  );
  cpSync(resolve("test/images/fixture/app"), join(project, "app"), { recursive: true });
  writeFileSync(
    join(project, "berth.yml"),
    [
      "app: shop",
      `registry: "${registry.host}/acme"`,
      "services:",
      "  web: { build: ./app, port: 80, http: {} }",
      "  worker: { build: { context: ./app } }",
      "  greeter: { build: { context: ./app, args: { GREETING: hi } } }",
      "",
    ].join("\n"),
  );
});

afterAll(async () => {
  await registry?.stop();
  buildah?.remove();
  if (project) rmSync(project, { recursive: true, force: true });
});

const env = () => ({
  ...buildah.env,
  PATH: `${join(buildah.dir, "shim")}:${process.env.PATH ?? ""}`,
  HOME: buildah.dir,
  BERTH_REGISTRY_USERNAME: registry.username,
  BERTH_REGISTRY_PASSWORD: registry.password,
});

function which(program: string): string {
  return execFileSync("sh", ["-c", `command -v ${program}`], { encoding: "utf8" }).trim();
}
const push = (...args: string[]) =>
  berthAsync(["push", "-f", join(project, "berth.yml"), "--plain-http", ...args], env());

async function registryGet(path: string, accept = "application/vnd.oci.image.manifest.v1+json") {
  const response = await fetch(`http://${registry.host}${path}`, {
    headers: {
      accept,
      authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString("base64")}`,
    },
  });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

const writes = (lines: string[]) => lines.filter((l) => / "(?:POST|PUT|PATCH|DELETE) /.test(l));

describe("berth push to a real registry", () => {
  let first: Awaited<ReturnType<typeof push>>;
  let images: { service: string; image: string; digest: string; source: string }[];

  beforeAll(async () => {
    first = await push("--tag", "v1", "--json");
    images = first.code === 0 ? (JSON.parse(first.stdout) as { images: typeof images }).images : [];
  });

  test("every service is pinned to repository@sha256 in its own repository", () => {
    expect(first.stderr).not.toContain("berth:");
    expect(first.code).toBe(0);
    expect(images.map((i) => i.image)).toEqual([
      expect.stringMatching(new RegExp(`^${registry.host}/acme/shop/web@sha256:[0-9a-f]{64}$`)),
      expect.stringMatching(new RegExp(`^${registry.host}/acme/shop/worker@sha256:[0-9a-f]{64}$`)),
      expect.stringMatching(new RegExp(`^${registry.host}/acme/shop/greeter@sha256:[0-9a-f]{64}$`)),
    ]);
  });

  test("services with the same build are built once; a different build arg is another build", () => {
    expect(first.stderr.match(/^--- build /gm)).toHaveLength(2);
    expect(first.stderr).toContain("--- build web+worker (linux/amd64)");
    expect(images[0]!.digest).toBe(images[1]!.digest);
    expect(images[2]!.digest).not.toBe(images[0]!.digest);
  });

  test("the registry serves the pushed manifest under the tag, with the digest berth reported", async () => {
    const manifest = await registryGet("/v2/acme/shop/web/manifests/v1");
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get("docker-content-digest")).toBe(images[0]!.digest);
    expect(`sha256:${createHash("sha256").update(manifest.body).digest("hex")}`).toBe(images[0]!.digest);
  });

  test("the image is linux/amd64 and carries the OCI revision, version and creation labels", async () => {
    const manifest = JSON.parse((await registryGet("/v2/acme/shop/web/manifests/v1")).body.toString()) as {
      config: { digest: string };
      layers: unknown[];
    };
    const config = JSON.parse(
      (await registryGet(`/v2/acme/shop/web/blobs/${manifest.config.digest}`, "*/*")).body.toString(),
    ) as {
      architecture: string;
      os: string;
      config: { Labels: Record<string, string> };
    };
    expect(config).toMatchObject({ architecture: "amd64", os: "linux" });
    expect(config.config.Labels).toMatchObject({
      "org.opencontainers.image.revision": "v1",
      "org.opencontainers.image.version": "v1",
      greeting: "hello",
    });
    expect(Date.parse(config.config.Labels["org.opencontainers.image.created"]!)).not.toBeNaN();
    expect(manifest.layers).toHaveLength(1);
  });

  test("a second push of the same version uploads nothing and starts no builder", async () => {
    const before = (await registry.accessLog()).length;
    const buildahRuns = readFileSync(argvLog, "utf8");
    const again = await push("--tag", "v1");
    expect(again.code).toBe(0);
    expect(writes((await registry.accessLog()).slice(before))).toEqual([]);
    expect(readFileSync(argvLog, "utf8")).toBe(buildahRuns);
    expect(again.stdout).toContain(images[0]!.image);
    expect(again.stdout).toContain("already in the registry");
  });

  test("a push to a registry other than ECR loads no AWS SDK module", async () => {
    const log = join(buildah.dir, "requires.log");
    writeFileSync(log, "");
    const run = await berthAsync(["push", "-f", join(project, "berth.yml"), "--plain-http", "--tag", "v1"], {
      ...env(),
      NODE_OPTIONS: `--require ${resolve("test/fixtures/record-requires.cjs")}`,
      BERTH_REQUIRE_LOG: log,
    });
    expect(run.code).toBe(0);
    const loaded = readFileSync(log, "utf8").split("\n");
    expect(loaded).toContain("node:child_process");
    expect(loaded.filter((m) => m.startsWith("@aws-sdk") || m.startsWith("@smithy"))).toEqual([]);
  });

  test("--force builds and pushes the version again", async () => {
    const forced = await push("--tag", "v1", "--force");
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain("building with buildah");
    expect(forced.stdout).toContain("built and pushed");
  });

  test("a push that did not finish is finished by running it again: only the missing tag is pushed", async () => {
    const worker = await registryGet("/v2/acme/shop/worker/manifests/v1");
    const digest = worker.headers.get("docker-content-digest")!;
    const auth = {
      authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString("base64")}`,
    };
    expect(
      (
        await fetch(`http://${registry.host}/v2/acme/shop/worker/manifests/${digest}`, {
          method: "DELETE",
          headers: auth,
        })
      ).status,
    ).toBe(202);
    const before = (await registry.accessLog()).length;
    const rerun = await push("--tag", "v1");
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/^web .* already in the registry$/m);
    expect(rerun.stdout).toMatch(/^worker .* built and pushed$/m);
    const written = writes((await registry.accessLog()).slice(before));
    expect(written.length).toBeGreaterThan(0);
    expect(written.filter((l) => !l.includes("/v2/acme/shop/worker/"))).toEqual([]);
  });

  test("the registry password never appears in output", () => {
    expect(first.stdout + first.stderr).not.toContain(registry.password);
  });

  test("the builder is logged in with the password on stdin, never on its command line", () => {
    const commands = readFileSync(argvLog, "utf8");
    expect(commands).toContain(
      `login --username ${registry.username} --password-stdin --tls-verify=false ${registry.host}`,
    );
    expect(commands).not.toContain(registry.password);
  });
});

describe("versions and failures", () => {
  test("without --tag the version is the git commit's short sha, and the labels say where it came from", async () => {
    execFileSync("git", ["init", "-q"], { cwd: project });
    execFileSync("git", ["remote", "add", "origin", "https://x-access-token:ghs_secret@github.com/acme/shop.git"], {
      cwd: project,
    });
    execFileSync(
      "git",
      ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "init"],
      { cwd: project },
    );
    execFileSync("git", ["add", "."], { cwd: project });
    execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "app"], {
      cwd: project,
    });
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: project, encoding: "utf8" }).trim();
    const run = await push();
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`version ${sha}:`);
    const manifest = JSON.parse((await registryGet(`/v2/acme/shop/web/manifests/${sha}`)).body.toString()) as {
      config: { digest: string };
    };
    const config = JSON.parse(
      (await registryGet(`/v2/acme/shop/web/blobs/${manifest.config.digest}`, "*/*")).body.toString(),
    ) as { config: { Labels: Record<string, string> } };
    expect(config.config.Labels).toMatchObject({
      "org.opencontainers.image.revision": sha,
      "org.opencontainers.image.source": "https://github.com/acme/shop",
    });
  });

  test("berth build builds only: nothing reaches the registry", async () => {
    const before = (await registry.accessLog()).length;
    const run = await berthAsync(["build", "-f", join(project, "berth.yml"), "--tag", "local"], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("berth/shop/web:local");
    expect((await registry.accessLog()).slice(before)).toEqual([]);
  });

  test("an app of prebuilt images needs no builder and no AWS: each tag is resolved to its digest", async () => {
    const app = mkdtempSync(join(tmpdir(), "berth-prebuilt-"));
    writeFileSync(
      join(app, "berth.yml"),
      `app: shop\nservices:\n  web: { image: "${registry.host}/acme/shop/web:v1" }\n`,
    );
    const run = await berthAsync(["push", "-f", join(app, "berth.yml"), "--plain-http", "--tag", "v1"], {
      ...env(),
      BERTH_BUILDER: "none-needed",
    });
    rmSync(app, { recursive: true, force: true });
    const digest = (await registryGet("/v2/acme/shop/web/manifests/v1")).headers.get("docker-content-digest");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`web  ${registry.host}/acme/shop/web@${digest}  prebuilt image`);
  });

  test("a failed build prints the builder's error and exits 1", async () => {
    const broken = mkdtempSync(join(tmpdir(), "berth-broken-"));
    writeFileSync(join(broken, "Dockerfile"), "FROM scratch\nCOPY missing.txt /missing.txt\n");
    writeFileSync(
      join(broken, "berth.yml"),
      `app: shop\nregistry: "${registry.host}/acme"\nservices:\n  web: { build: . }\n`,
    );
    const run = await berthAsync(["push", "-f", join(broken, "berth.yml"), "--plain-http", "--tag", "broken"], env());
    rmSync(broken, { recursive: true, force: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/failed build web/);
    expect(run.stderr).toMatch(/missing\.txt/);
    expect(run.stderr).toContain("berth: buildah: building web failed");
  });
});
