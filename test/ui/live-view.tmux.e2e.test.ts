import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

// The live view in a real terminal: tmux runs `berth deploy` of a release that fails its
// health checks against the sandbox, and the test reads the screen as a person would see it.

const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-tmux-"));
const file = join(dir, "berth.yml");
const socket = `berth-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
const write = (env: string) =>
  writeFileSync(file, `app: screen\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, env: { ${env} } }\n`);

afterAll(() => {
  if (hasTmux) spawnSync("tmux", ["-L", socket, "kill-server"]);
  rmSync(dir, { recursive: true, force: true });
});

/** A 160×50 terminal whose shell has the sandbox's exports, and no CI variables. */
function openTerminal(): void {
  if (spawnSync("tmux", ["-L", socket, "has-session", "-t", "deploy"]).status === 0) return;
  const exports = Object.entries(sandbox().environment).map(([name, value]) => `export ${name}='${value}'`);
  writeFileSync(join(dir, "env.sh"), `${exports.join("\n")}\nunset CI NO_COLOR\nexport TERM=xterm-256color\n`);
  tmux(
    "new-session",
    "-d",
    "-s",
    "deploy",
    "-x",
    "160",
    "-y",
    "50",
    "-c",
    dir,
    "bash --norc --noprofile --rcfile /dev/null",
  );
  tmux("send-keys", "-t", "deploy", ". ./env.sh; clear", "Enter");
}

/** Reads the screen until `done` says so, or 60 s have passed; every screen read is kept. */
async function watch(done: (screen: string) => boolean): Promise<string[]> {
  const screens: string[] = [];
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    screens.push(tmux("capture-pane", "-p", "-t", "deploy"));
    if (done(screens.at(-1)!)) return screens;
    await new Promise((next) => setTimeout(next, 100));
  }
  throw new Error(`the deploy did not finish in 60 s; last screen:\n${screens.at(-1)}`);
}

test.skipIf(!hasTmux)(
  "in a terminal, a deploy that is rolled back shows its stage, the traffic bar and the diagnosis, and leaves a summary",
  async () => {
    write("RELEASE: one");
    expect((await berthAsync(["deploy", "--yes", "-f", file], { ...sandbox().environment, CI: "true" })).code).toBe(0);
    write("RELEASE: two, BERTH_SANDBOX_FAIL: health");
    openTerminal();
    tmux(
      "send-keys",
      "-t",
      "deploy",
      `node ${resolve("bin/berth.js")} deploy --yes -f ${file}; echo BERTH-EXIT=$?`,
      "Enter",
    );
    const screens = await watch((screen) => /BERTH-EXIT=\d/.test(screen));
    const live = screens.join("\n");
    expect(live).toMatch(/web (SCALE_UP|PRE_SCALE_UP|TEST_TRAFFIC_SHIFT) +\d+s/);
    expect(live).toMatch(/traffic old 100% ░{20} new 0% {2}tasks \d\/2/);
    const scrollback = tmux("capture-pane", "-p", "-t", "deploy", "-S", "-300");
    expect(scrollback).toMatch(/╭─+╮\n│ web rolled-back: Circuit breaker/);
    expect(scrollback).toMatch(/✓ release {2}\d+s/);
    // The panel in the last frame is the diagnosis; the report after it does not repeat it.
    expect(scrollback.match(/last \d+ log lines of web/g)).toHaveLength(1);
    expect(scrollback).toContain("failed screen default: see above; production keeps serving what it served before");
    expect(scrollback).toContain("BERTH-EXIT=1");
  },
  120_000,
);

test.skipIf(!hasTmux)(
  "Ctrl-C clears the live view to ask its question, and the answer rolls the release back",
  async () => {
    openTerminal();
    write("RELEASE: three");
    writeFileSync(file, `${readFileSync(file, "utf8").replace("http: {},", "http: {}, deploy: { bake: 5m },")}`);
    tmux(
      "send-keys",
      "-t",
      "deploy",
      `clear; node ${resolve("bin/berth.js")} deploy --yes -f ${file}; echo BERTH-EXIT=$?`,
      "Enter",
    );
    await watch((screen) => screen.includes("BAKE_TIME"));
    tmux("send-keys", "-t", "deploy", "C-c");
    const asked = (await watch((screen) => screen.includes("[y/N]"))).at(-1)!;
    expect(asked).toMatch(/web: IN_PROGRESS at BAKE_TIME; left alone/);
    expect(asked.slice(asked.indexOf("[y/N]"))).not.toContain("traffic old");
    tmux("send-keys", "-t", "deploy", "y", "Enter");
    const end = (await watch((screen) => /BERTH-EXIT=\d/.test(screen))).at(-1)!;
    expect(end).toContain("web: rollback requested (StopServiceDeployment ROLLBACK)");
    expect(end).toContain("BERTH-EXIT=130");
    // The last frame shows what the interrupt left, not the bake countdown it interrupted.
    const after = end.slice(end.lastIndexOf("[y/N]"));
    expect(after).toMatch(/web interrupted/);
    expect(after).not.toMatch(/bake .* left/);
  },
  120_000,
);

test.skipIf(hasTmux)(
  "the live view's terminal test is skipped: tmux is not installed (apt-get install tmux)",
  () => {},
);
