// Budget (docs/architecture.md, "Budgets"): a `berth push` with nothing to do (the version is already in
// the registry) takes at most 2× a bare `node -e ''` plus one registry round trip, and
// starts no builder. Real components: Buildah and docker-registry on loopback, with basic
// auth, as in the tests (test/helpers). Prints ratios only.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildahEnv } from "../test/helpers/buildah-env.mjs";
import { startRegistry } from "../test/helpers/registry-server.mjs";
import { compare, median, report, timeOnce } from "./measure.mjs";

const node = process.execPath;

/** One HEAD of a manifest on a fresh connection, as the CLI makes it. */
function roundTrip(host, auth) {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    const req = request(
      `http://${host}/v2/acme/shop/web/manifests/nope`,
      { method: "HEAD", agent: false, headers: { authorization: auth } },
      (res) => {
        res.resume();
        res.on("end", () => done(Number(process.hrtime.bigint() - start) / 1e6));
      },
    );
    req.on("error", fail);
    req.end();
  });
}

function project(registryHost) {
  const dir = mkdtempSync(join(tmpdir(), "berth-bench-push-"));
  cpSync(resolve("test/images/fixture/app"), join(dir, "app"), { recursive: true });
  writeFileSync(
    join(dir, "berth.yml"),
    `app: shop\nregistry: "${registryHost}/acme"\nservices:\n  web: { build: ./app, port: 80, http: {} }\n  worker: { build: ./app }\n`,
  );
  const git = (...args) =>
    execFileSync("git", ["-c", "user.email=bench@example.com", "-c", "user.name=bench", ...args], {
      cwd: dir,
      stdio: "ignore",
    });
  git("init", "-q");
  git("add", ".");
  git("commit", "-q", "-m", "bench");
  return dir;
}

export async function run() {
  const registry = await startRegistry();
  const buildah = buildahEnv();
  const dir = project(registry.host);
  try {
    const env = {
      ...process.env,
      ...buildah.env,
      HOME: buildah.dir,
      BERTH_REGISTRY_USERNAME: registry.username,
      BERTH_REGISTRY_PASSWORD: registry.password,
    };
    const args = ["bin/berth.js", "push", "-f", join(dir, "berth.yml"), "--plain-http"];
    const first = spawnSync(node, args, { env, encoding: "utf8" });
    if (first.status !== 0) throw new Error(`the first push failed:\n${first.stderr}`);
    const again = spawnSync(node, args, { env, encoding: "utf8" });
    if (again.status !== 0 || again.stderr.includes("building with"))
      throw new Error(`a no-change push built or failed:\n${again.stderr}`);

    const [bare, push] = compare([
      { name: "node -e ''", run: () => timeOnce(node, ["-e", ""]) },
      { name: "berth push (version in registry)", run: () => timeOnce(node, args, { env }) },
    ]);
    const auth = `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString("base64")}`;
    const trips = [];
    for (let i = 0; i < 25; i++) trips.push(await roundTrip(registry.host, auth));
    const budgetBase = { name: "(2× node -e '' + 1 registry round trip)", median: 2 * bare.median + median(trips) };
    console.log(
      `\nno-change push: berth push is ${(push.median / bare.median).toFixed(2)}× node -e ''; one registry round trip is ${(median(trips) / bare.median).toFixed(2)}× node -e ''`,
    );
    return report("no-change push (median of interleaved runs)", [budgetBase, push], {
      "berth push (version in registry)": 1,
    });
  } finally {
    await registry.stop();
    buildah.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}
