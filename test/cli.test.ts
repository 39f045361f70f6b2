import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { EXAMPLE_CERTIFICATE } from "./render/helpers.js";

/** Runs the real CLI, as a user would, with a clean environment. */
function berth(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["bin/berth.js", ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function manifestFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-cli-"));
  const file = join(dir, "berth.yml");
  writeFileSync(file, text);
  return file;
}

/** The reference app's production requires its certificate; a made-up one that is not a placeholder. */
const CERTIFICATE = {
  CASSANDRA_CERTIFICATE_ARN: EXAMPLE_CERTIFICATE,
};

const BROKEN = "app: shop\nservices:\n  web:\n    image: nginx\n    cpu: 300\n    sevrets: {}\n";

describe("berth validate", () => {
  test.each(["examples/hello/berth.yml", "examples/cassandra/berth.yml"])(
    "%s is valid in every environment",
    (file) => {
      const run = berth(["validate", "-f", file], CERTIFICATE);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^ok /);
    },
  );

  // The bundle loads the yaml library on first use (scripts/on-first-use.mjs): these go through it.
  test("a manifest only the yaml library reads (an anchor, a block scalar) validates, and its syntax errors are placed", () => {
    const anchored = "app: shop\nservices:\n  web: &web\n    image: >-\n      nginx\n  copy: *web\n";
    expect(berth(["validate", "-f", manifestFile(anchored)])).toMatchObject({ code: 0, stderr: "" });
    const file = manifestFile("app: shop\nservices:\n  web: [nginx\n");
    const broken = berth(["validate", "-f", file]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`${file}:4:1: YAML syntax: Flow sequence in block collection`);
  });

  test("problems go to stderr with positions and fixes, and exit 2", () => {
    const file = manifestFile(BROKEN);
    const run = berth(["validate", "-f", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error ${file}:5:10: services.web.cpu: 300 is not a Fargate CPU size`);
    expect(run.stderr).toContain(`error ${file}:6:5: services.web.sevrets: unknown key; did you mean secrets?`);
    expect(run.stderr).toContain("2 problems found; nothing was changed.");
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  test("--json prints the problems as one JSON document", () => {
    const run = berth(["validate", "-f", manifestFile(BROKEN), "--json"]);
    expect(run.code).toBe(2);
    const body = JSON.parse(run.stdout) as { ok: boolean; problems: { line: number; path: string }[] };
    expect(body.ok).toBe(false);
    expect(body.problems.map((p) => [p.line, p.path])).toEqual([
      [5, "services.web.cpu"],
      [6, "services.web.sevrets"],
    ]);
  });

  test("on GitHub Actions each problem is also an annotation", () => {
    const file = manifestFile(BROKEN);
    const run = berth(["validate", "-f", file], { GITHUB_ACTIONS: "true" });
    expect(run.stdout).toContain(
      `::error file=${file},line=5,col=10,title=berth validate::services.web.cpu: 300 is not a Fargate CPU size`,
    );
  });

  test("the reference app's production requires its certificate; the other environments do not read it", () => {
    const run = berth(["validate", "-f", "examples/cassandra/berth.yml", "-e", "production"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "environments.production.certificate: environment variable CASSANDRA_CERTIFICATE_ARN is not set",
    );
    expect(berth(["validate", "-f", "examples/cassandra/berth.yml", "-e", "staging"]).code).toBe(0);
  });

  test("-e selects an environment and an unknown one is a manifest error", () => {
    expect(berth(["validate", "-f", "examples/cassandra/berth.yml", "-e", "production"], CERTIFICATE).code).toBe(0);
    const run = berth(["validate", "-f", "examples/cassandra/berth.yml", "-e", "prod"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('environments: environment "prod" is not defined');
  });

  test("a missing file is exit 2 with a way forward", () => {
    const run = berth(["validate", "-f", "nope/berth.yml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nope/berth.yml:1:1: file not found");
    expect(run.stderr).toContain("berth init");
  });
});

describe("the command line", () => {
  test("berth schema prints the JSON Schema", () => {
    const run = berth(["schema"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ title: "berth.yml", required: ["app", "services"] });
  });

  test("an unknown command is a usage error with a suggestion, exit 2", () => {
    const run = berth(["valdate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("(Did you mean validate?)");
  });

  test("--help and --version exit 0", () => {
    expect(berth(["--help"]).code).toBe(0);
    expect(berth(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("berth render", () => {
  test("prints every stack's template as YAML, each after a line naming its stack", () => {
    const run = berth(["render", "-f", "examples/hello/berth.yml"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# stack hello-default\nAWSTemplateFormatVersion: "2010-09-09"\n/);
    expect(run.stdout).toContain("Type: AWS::ElasticLoadBalancingV2::LoadBalancer");
    expect(run.stdout).toMatch(/\n# stack hello-default-web\nAWSTemplateFormatVersion: "2010-09-09"\n/);
    expect(run.stdout).toMatch(/\n# stack hello-default--dashboard\nAWSTemplateFormatVersion: "2010-09-09"\n/);
    expect(run.stdout.match(/^# stack /gm)).toHaveLength(3);
  });

  test("--json includes each service stack's template", () => {
    const run = berth(["render", "-f", "examples/hello/berth.yml", "--json"]);
    expect(run.code).toBe(0);
    const rendered = JSON.parse(run.stdout) as { services: Record<string, { Outputs: Record<string, unknown> }> };
    expect(Object.keys(rendered.services)).toEqual(["web"]);
    expect(rendered.services.web!.Outputs).toHaveProperty("TemplateFingerprint");
  });

  test("--out under a regular file is a usage error naming the path and a fix, not an internal error", () => {
    const file = join(mkdtempSync(join(tmpdir(), "berth-render-")), "a-file");
    writeFileSync(file, "");
    const run = berth(["render", "-f", "examples/hello/berth.yml", "--out", join(file, "out")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`berth: --out ${join(file, "out")}: cannot write`);
    expect(run.stderr).toContain("ENOTDIR: a part of the path is a file, not a directory");
    expect(run.stderr).toContain("fix: pass --out a directory you can write to");
    expect(run.stderr).not.toContain("internal error");
  });

  test("--out writes the stacks and each service's task and service definitions", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-render-"));
    const run = berth(["render", "-f", "examples/cassandra/berth.yml", "-e", "staging", "--out", dir]);
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .trim()
        .split("\n")
        .map((f) => f.slice(dir.length + 1)),
    ).toEqual([
      "template.yaml",
      "web.template.yaml",
      "worker.template.yaml",
      "template.app.yaml",
      "template.dashboard.yaml",
      "web.taskdef.json",
      "worker.taskdef.json",
      "web.service.json",
      "worker.service.json",
    ]);
  });

  test("render --out: a service named app, or previews-base, has its own file, not the app stack's or the base's", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-render-names-"));
    const file = join(dir, "berth.yml");
    writeFileSync(
      file,
      "app: shop\nservices:\n  app: { image: nginx:1, port: 80, http: {} }\n  previews-base: { image: nginx:1 }\n",
    );
    const run = berth(["render", "-f", file, "-e", "pr-3", "--out", join(dir, "out")]);
    expect(run.code, run.stderr).toBe(0);
    const written = run.stdout.trim().split("\n");
    expect(new Set(written).size).toBe(written.length);
    expect(readFileSync(join(dir, "out", "app.template.yaml"), "utf8")).toContain("service app");
    expect(readFileSync(join(dir, "out", "template.app.yaml"), "utf8")).toContain("shared by every environment");
    expect(readFileSync(join(dir, "out", "template.previews-base.yaml"), "utf8")).toContain("AWS::EC2::VPC");
  });

  test("a bad override is exit 2 with its position", () => {
    const file = manifestFile(
      "app: shop\nservices: { w: { image: x } }\noverrides:\n  - { op: remove, path: /Resources/Nope }\n",
    );
    const run = berth(["render", "-f", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${file}:4:5: overrides[0].path: /Resources/Nope does not exist in the rendered template`,
    );
  });
});

describe("berth cost", () => {
  test("prints each item, the floor and the date of its prices, with no AWS account or network", () => {
    const run = berth(["cost", "-f", "examples/hello/berth.yml"], { AWS_REGION: "us-east-1" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("hello-default in us-east-1, per month (prices of 2026-03-13)");
    expect(run.stdout).toMatch(/NAT gateway NatGateway1 and its public IPv4 address +\$36\.50/);
    expect(run.stdout).toMatch(/^floor +\$82\.65$/m);
    expect(run.stdout).toContain("730 hours a month");
  });

  test("--json gives every line, the totals and the assumptions", () => {
    const run = berth(["cost", "-f", "examples/cassandra/berth.yml", "-e", "production", "--json"], {
      ...CERTIFICATE,
      AWS_REGION: "us-east-1",
    });
    expect(run.code).toBe(0);
    const estimate = JSON.parse(run.stdout) as {
      stack: string;
      floor: number;
      lines: { id: string; atMax?: number }[];
    };
    expect(estimate.stack).toBe("cassandra-production");
    expect(estimate.floor).toBeCloseTo(253.78515, 4); // test/cost/estimate.test.ts works it out by hand
    expect(estimate.lines.find((l) => l.id === "database:Database")?.atMax).toBeCloseTo(1401.6, 4);
  });

  test("a Region the table lacks prices for says which, and leaves them out of the total", () => {
    const run = berth(["cost", "-f", "examples/hello/berth.yml", "--region", "eu-south-1"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^floor \(priced items only\) +\$7\.30$/m);
    expect(run.stdout).toMatch(/berth's table has no eu-south-1 price for: .*Fargate Linux\/x86 per vCPU-hour/);
  });

  test("an unknown Region, or none, is a usage error that says what to do", () => {
    const unknown = berth(["cost", "-f", "examples/hello/berth.yml", "--region", "moon-east-1"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("berth: berth has no prices for Region moon-east-1");
    const none = berth(["cost", "-f", "examples/hello/berth.yml"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("fix: set region: in berth.yml, pass --region or set AWS_REGION");
  });

  test("a usage file prices traffic and storage; a wrong figure is reported at its position", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-usage-"));
    writeFileSync(join(dir, "usage.yml"), "nat:\n  gb: 100\nlogs: { ingestGb: 2 }\n");
    const priced = berth(["cost", "-f", "examples/hello/berth.yml", "--usage", join(dir, "usage.yml")], {
      AWS_REGION: "us-east-1",
    });
    expect(priced.code).toBe(0);
    expect(priced.stdout).toMatch(/100 GB through NAT +\$4\.50/); // $0.045 per GB processed
    expect(priced.stdout).toMatch(/2 GB of logs written, 0 GB kept +\$1\.00/); // $0.50 per GB ingested
    writeFileSync(join(dir, "bad.yml"), "nat:\n  gb: lots\n  gbs: 1\n");
    const bad = berth(["cost", "-f", "examples/hello/berth.yml", "--usage", join(dir, "bad.yml")], {
      AWS_REGION: "us-east-1",
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${join(dir, "bad.yml")}:2:7: nat.gb: nat.gb must be a number of at least 0`);
    expect(bad.stderr).toContain(`${join(dir, "bad.yml")}:3:3: nat.gbs: unknown figure nat.gbs`);
  });
});

describe("budgets that a test can pin", () => {
  test.each([
    [["validate", "-f", "examples/cassandra/berth.yml"]],
    [["render", "-f", "examples/cassandra/berth.yml", "-e", "production"]],
    [["cost", "-f", "examples/cassandra/berth.yml", "-e", "production", "--region", "us-east-1"]],
  ])("berth %s loads no AWS SDK module", (args) => {
    const log = join(mkdtempSync(join(tmpdir(), "berth-requires-")), "requires.log");
    writeFileSync(log, "");
    const result = spawnSync(
      process.execPath,
      ["--require", "./test/fixtures/record-requires.cjs", "bin/berth.js", ...args],
      { encoding: "utf8", env: { PATH: process.env.PATH ?? "", BERTH_REQUIRE_LOG: log, ...CERTIFICATE } },
    );
    expect(result.status).toBe(0);
    const loaded = readFileSync(log, "utf8").split("\n");
    expect(loaded).toContain("node:events"); // the recorder works: commander, inside the bundle, requires it
    expect(loaded.filter((m) => m.startsWith("@aws-sdk") || m.startsWith("@smithy"))).toEqual([]);
  });

  test("berth validate and render load neither node:crypto, node:zlib, node:fs/promises, node:child_process nor Node's streams", () => {
    const builtins = (args: string[]) => {
      const log = join(mkdtempSync(join(tmpdir(), "berth-builtins-")), "builtins.log");
      const result = spawnSync(
        process.execPath,
        [
          "--require",
          "./test/fixtures/record-builtins.cjs",
          "bin/berth.js",
          ...args,
          "-f",
          "examples/cassandra/berth.yml",
        ],
        { encoding: "utf8", env: { PATH: process.env.PATH ?? "", BERTH_BUILTINS_LOG: log, ...CERTIFICATE } },
      );
      expect(result.status).toBe(0);
      return readFileSync(log, "utf8").split("\n");
    };
    // SHA-256 and the code cache's checksum are WebAssembly, and output is written to the file
    // descriptors (docs/architecture.md, "Start-up"); commander's executable subcommands spawn,
    // which berth has none of (scripts/build.mjs).
    const avoided = (m: string) => ["crypto", "zlib", "fs/promises", "child_process", "stream"].includes(m);
    const validate = builtins(["validate"]);
    expect(validate).toContain("fs"); // the recorder works
    expect(validate.filter(avoided)).toEqual([]);
    expect(builtins(["render", "-e", "production"]).filter(avoided)).toEqual([]);
  });
});

describe("berth init", () => {
  test("writes a berth.yml that validates, and refuses to overwrite it", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-init-"));
    writeFileSync(join(dir, "Dockerfile"), "FROM scratch\nEXPOSE 8080\n");
    const run = (args: string[]) =>
      spawnSync(process.execPath, [join(process.cwd(), "bin/berth.js"), ...args], { cwd: dir, encoding: "utf8" });
    const first = run(["init"]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("service web on port 8080 behind the load balancer");
    expect(run(["validate"]).status).toBe(0);
    const again = run(["init"]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain("berth: berth.yml already exists");
  });
});

describe("berth build and push", () => {
  test("with no builder installed, the error says what to install, exit 1", () => {
    const file = manifestFile("app: shop\nservices:\n  web: { build: . }\n");
    const result = spawnSync(process.execPath, ["bin/berth.js", "build", "-f", file, "--tag", "v1"], {
      encoding: "utf8",
      env: { PATH: "/nonexistent" },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "berth: no image builder found (docker: not installed; podman: not installed; buildah: not installed)",
    );
    expect(result.stderr).toMatch(/fix: install one of: Docker with buildx .*, Podman .* or Buildah/);
  });

  test("--plain-http to a remote registry is a usage error", () => {
    const file = manifestFile("app: shop\nregistry: ghcr.io/acme\nservices:\n  web: { build: . }\n");
    const run = berth(["push", "-f", file, "--tag", "v1", "--plain-http"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--plain-http is only allowed for a registry on this machine, not ghcr.io");
  });

  test("a manifest problem stops push before any build, exit 2", () => {
    const run = berth(["push", "-f", manifestFile(BROKEN), "--tag", "v1"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("2 problems found; nothing was changed.");
  });
});

describe("berth push outside git", () => {
  test("an app of prebuilt images pinned by digest needs no git version and no AWS", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-nogit-"));
    writeFileSync(
      join(dir, "berth.yml"),
      'app: shop\nservices:\n  web: { image: "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10" }\n',
    );
    const run = spawnSync(process.execPath, [join(process.cwd(), "bin/berth.js"), "push"], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
    });
    expect(run.stderr).not.toContain("commit first");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10");
  });
});
