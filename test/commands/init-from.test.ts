import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-init-from-"));
  dirs.push(dir);
  return dir;
}

test("init --from a Compose project writes a berth.yml that validates, and prints what it mapped, assumed and left", async () => {
  const dir = project();
  writeFileSync(
    join(dir, "docker-compose.yml"),
    "services:\n  web:\n    build: .\n    ports: ['80:8000']\n    env_file: .env.web\n    environment: { DATABASE_URL: 'postgres://shop:${DB_PASSWORD}@db/shop' }\n  worker:\n    build: .\n    command: celery -A shop worker\n    privileged: true\n    depends_on: [redis]\n  db:\n    image: 'postgres:${PG_MAJOR:-16}'\n    environment: { POSTGRES_DB: shop, POSTGRES_USER: shop, POSTGRES_PASSWORD: '${DB_PASSWORD}' }\n  redis:\n    image: redis:7\n",
  );
  writeFileSync(join(dir, ".env"), "DB_PASSWORD=correct-horse-battery\nPG_MAJOR=15\n");
  writeFileSync(join(dir, ".env.web"), "SECRET_KEY=django-insecure-8f7d6s5a4\nDEBUG=0\n");
  const run = await berthAsync(["init", "--from", "docker-compose.yml", "--app", "shop"], {}, dir);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(
    "wrote berth.yml from docker-compose.yml: 2 services (web, worker), a database, 1 queue",
  );
  expect(run.stdout).toContain(
    "left to do by hand (1):\n  - services.worker.privileged: Fargate does not run privileged containers.",
  );
  expect(run.stdout).toContain("secretsmanager:shop/SECRET_KEY: the value of SECRET_KEY in env_file .env.web");
  expect(run.stdout).toContain("step 1: Move the PostgreSQL data of compose service db (database shop)");
  const manifest = readFileSync(join(dir, "berth.yml"), "utf8");
  expect(manifest, ".env's PG_MAJOR is read").toContain('version: "15.7"');
  for (const secret of ["correct-horse-battery", "django-insecure-8f7d6s5a4"]) {
    expect(manifest).not.toContain(secret);
    expect(run.stdout).not.toContain(secret);
  }
  expect(manifest.split("\n")[0], "the $schema comment names the schema written beside it").toBe(
    "# yaml-language-server: $schema=./berth.schema.json",
  );
  expect(JSON.parse(readFileSync(join(dir, "berth.schema.json"), "utf8"))).toHaveProperty("properties.services");
  expect(readFileSync(join(dir, ".gitignore"), "utf8")).toContain(".berth/");
  const validate = await berthAsync(["validate"], {}, dir);
  expect(validate.stdout).toContain("ok berth.yml: app shop, 2 services");
  expect(validate.code).toBe(0);
});

test("init --from a Copilot workspace writes a berth.yml beside it and the cutover steps; --json gives the report as data", async () => {
  const dir = project();
  cpSync("test/fixtures/adopt/copilot/worker-svc/copilot", join(dir, "copilot"), { recursive: true });
  const run = await berthAsync(["init", "--from", "copilot", "--json"], {}, dir);
  expect(run.code).toBe(0);
  expect(run.stderr, "with --json, what init wrote beside the manifest is said on stderr").toContain(
    "wrote berth.schema.json",
  );
  const report = JSON.parse(run.stdout) as { file: string; steps: { title: string }[]; left: { item: string }[] };
  expect(report.file).toBe("berth.yml");
  expect(report.steps.at(-1)?.title).toBe(
    "Cut over from Copilot (worker-svc-e2e) to berth (worker-svc-e2e-berth), keeping the data",
  );
  expect(report.left.map((l) => l.item)).toContain("copilot/publisher/manifest.yml: publish");
  expect((await berthAsync(["validate"], {}, dir)).code).toBe(0);
});

test("init --from refuses what it cannot start from, in one line with a fix, and writes nothing", async () => {
  const dir = project();
  const missing = await berthAsync(["init", "--from", "nope.yml"], {}, dir);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("--from nope.yml: not found");
  writeFileSync(join(dir, "compose.yaml"), "services:\n  db:\n    image: postgres:16\n");
  const nothing = await berthAsync(["init", "--from", "compose.yaml"], {}, dir);
  expect(nothing.code).toBe(2);
  expect(nothing.stderr).toContain("no service berth can run");
  const mixed = await berthAsync(["init", "--from", "compose.yaml", "--image", "nginx"], {}, dir);
  expect(mixed.stderr).toContain("--from takes no --image or --port");
  expect(existsSync(join(dir, "berth.yml"))).toBe(false);
});

test("init --from a directory reads its Compose file and the override file beside it, as docker compose does", async () => {
  const dir = project();
  writeFileSync(
    join(dir, "compose.yaml"),
    "services:\n  web:\n    build: .\n    ports: ['80:8000']\n    environment: { LOG_LEVEL: debug }\n",
  );
  writeFileSync(join(dir, "compose.override.yaml"), "services:\n  web:\n    environment: { LOG_LEVEL: info }\n");
  const run = await berthAsync(["init", "--from", ".", "--app", "shop"], {}, dir);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("from compose.yaml + compose.override.yaml");
  expect(readFileSync(join(dir, "berth.yml"), "utf8")).toContain("LOG_LEVEL: info");
});

test("init --json without --from is refused: plain init prints one line", async () => {
  const run = await berthAsync(["init", "--json"], {}, project());
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("--json goes with --from");
});
