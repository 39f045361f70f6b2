import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

// `berth status --watch` in a real terminal: tmux runs it against the sandbox, the test reads
// the screen as a person would, then presses Ctrl-C.

const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 60 });
const dir = mkdtempSync(join(tmpdir(), "berth-watch-"));
const file = join(dir, "berth.yml");
const socket = `berth-watch-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });

afterAll(() => {
  if (hasTmux) spawnSync("tmux", ["-L", socket, "kill-server"]);
  rmSync(dir, { recursive: true, force: true });
});

async function screenUntil(done: (screen: string) => boolean): Promise<string> {
  const deadline = Date.now() + 60_000;
  let screen = "";
  while (Date.now() < deadline) {
    screen = tmux("capture-pane", "-p", "-t", "watch");
    if (done(screen)) return screen;
    await new Promise((next) => setTimeout(next, 200));
  }
  throw new Error(`the screen never showed what was expected; last screen:\n${screen}`);
}

test.skipIf(!hasTmux)(
  "in a terminal, status --watch redraws the sparklines in place and Ctrl-C ends it with exit 0",
  async () => {
    writeFileSync(
      file,
      `app: watch\nservices:\n  web: { image: "${IMAGE}", port: 80, http: {}, deploy: { bake: 0m } }\n`,
    );
    expect((await berthAsync(["deploy", "--yes", "-f", file], { ...sandbox().environment, CI: "true" })).code).toBe(0);
    const exports = Object.entries(sandbox().environment).map(([name, value]) => `export ${name}='${value}'`);
    writeFileSync(join(dir, "env.sh"), `${exports.join("\n")}\nunset CI NO_COLOR\nexport TERM=xterm-256color\n`);
    tmux("new-session", "-d", "-s", "watch", "-x", "160", "-y", "50", "-c", dir, "bash --norc --noprofile");
    tmux("send-keys", "-t", "watch", ". ./env.sh; clear", "Enter");
    tmux(
      "send-keys",
      "-t",
      "watch",
      `node ${resolve("bin/berth.js")} status --watch --interval 1s -f ${file}; echo BERTH-EXIT=$?`,
      "Enter",
    );
    const first = await screenUntil((s) => /updated (\d\d:\d\d:\d\d) UTC; Ctrl-C ends/.test(s));
    expect(first).toMatch(/^ {4}requests +[▁▂▃▄▅▆▇█ ]*[▁▂▃▄▅▆▇█] +min \d+\/min/m);
    const stamp = /updated (\d\d:\d\d:\d\d) UTC/.exec(first)![1];
    // Redrawn in place: a later refresh replaces the line rather than adding one.
    const later = await screenUntil((s) => /updated (\d\d:\d\d:\d\d) UTC/.exec(s)?.[1] !== stamp);
    expect(later.match(/Ctrl-C ends/g)).toHaveLength(1);
    tmux("send-keys", "-t", "watch", "C-c", "");
    const end = await screenUntil((s) => /BERTH-EXIT=\d+/.test(s));
    expect(end).toMatch(/BERTH-EXIT=0/);
  },
  120_000,
);
