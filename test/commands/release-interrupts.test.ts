import { afterEach, describe, expect, test } from "vitest";
import { watchInterrupts, type InterruptWatch } from "../../src/commands/release-interrupts.js";
import type { Output } from "../../src/ui/output.js";

const ARN = "arn:aws:ecs:us-east-1:1:service-deployment/shop/web/1";
const NOW = Date.UTC(2026, 10, 28, 10);

function harness(interactive: boolean, answer: boolean | "never" = false, returnsToOneVersion = false) {
  const notes: string[] = [];
  const stopped: string[] = [];
  const asked: string[] = [];
  let onSecond: (() => void) | undefined;
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const out: Output = {
    json: false,
    github: false,
    color: false,
    line: (t) => notes.push(t),
    note: (t) => notes.push(t),
  };
  const watch = watchInterrupts({
    out,
    interactive,
    now: () => NOW,
    ask: async (question, onInterrupt) => {
      asked.push(question);
      onSecond = onInterrupt;
      return answer === "never" ? new Promise<boolean>(() => {}) : answer;
    },
    stop: async (arn) => {
      stopped.push(arn);
      return true;
    },
    exit: ((code: number) => {
      resolveExit(code);
      return undefined as never;
    }) as (code: number) => never,
    returnsToOneVersion,
  });
  watch.onRelease({ type: "following", service: "web", deploymentArn: ARN, own: true });
  watch.onRelease({
    type: "progress",
    service: "web",
    deploymentArn: ARN,
    status: "IN_PROGRESS",
    stage: "POST_TEST_TRAFFIC_SHIFT",
    hookExpiresAt: NOW + 15 * 60_000,
  });
  return { watch, notes, stopped, asked, exited, second: () => onSecond?.() };
}

let watch: InterruptWatch | undefined;
afterEach(() => watch?.dispose());

describe("an interrupt during a release", () => {
  test("SIGTERM without a terminal rolls back what is in flight, says so, and exits 143", async () => {
    const h = harness(false);
    watch = h.watch;
    process.emit("SIGTERM");
    expect(await h.exited).toBe(143);
    expect(h.stopped).toEqual([ARN]);
    expect(h.notes).toContain("berth: interrupted (SIGTERM); what is left:");
    expect(h.notes.join("\n")).toContain("web: rollback requested (StopServiceDeployment ROLLBACK)");
  });

  test("Ctrl-C in a terminal asks, and 'no' leaves the release to ECS, saying when it rolls back by itself", async () => {
    const h = harness(true, false);
    watch = h.watch;
    process.emit("SIGINT");
    expect(await h.exited).toBe(130);
    expect(h.asked[0]).toContain("ECS rolls it back by itself in 15 min");
    expect(h.stopped).toEqual([]);
    expect(h.notes.join("\n")).toContain("web: still in flight, IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT");
  });

  test("a second Ctrl-C while berth asks exits at once, still saying what is left", async () => {
    const h = harness(true, "never");
    watch = h.watch;
    process.emit("SIGINT");
    await new Promise((resolve) => setImmediate(resolve));
    h.second();
    expect(await h.exited).toBe(130);
    expect(h.notes.join("\n")).toContain("web: still in flight");
  });
});

describe("an interrupt after another service of the run released", () => {
  const WORKER = "arn:aws:ecs:us-east-1:1:service-deployment/shop/worker/1";
  const released = (h: ReturnType<typeof harness>) => {
    h.watch.onRelease({ type: "following", service: "worker", deploymentArn: WORKER, own: true });
    h.watch.onRelease({ type: "settled", service: "worker", deploymentArn: WORKER, end: "released" });
  };

  test("rolling back stops what is in flight and stays, so the run returns the worker; the run exits 143 after", async () => {
    const h = harness(false, false, true);
    watch = h.watch;
    released(h);
    process.emit("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.stopped).toEqual([ARN]);
    expect(h.notes.join("\n")).toContain(
      "berth: interrupted (SIGTERM): rolling back; worker returns to the version before once the releases in flight have rolled back",
    );
    expect(h.watch.exitCode()).toBe(143);
    expect(await Promise.race([h.exited, Promise.resolve("still running")])).toBe("still running");
  });

  test("in a terminal the question says the worker returns too; left to ECS, the summary says how to finish", async () => {
    const h = harness(true, false, true);
    watch = h.watch;
    released(h);
    process.emit("SIGINT");
    expect(await h.exited).toBe(130);
    expect(h.asked[0]).toContain("worker, released by this run, returns too, so every service runs one version");
    expect(h.notes.join("\n")).toContain("to finish: berth deploy finishes the release left in flight");
  });
});
