import { expect, test } from "vitest";
import { berthAsync } from "../helpers/berth-cli.js";

test("berth cost of a preview prices its own stacks, then the previews' shared base once", async () => {
  const run = await berthAsync(["cost", "-f", "examples/hello/berth.yml", "-e", "pr-3", "--region", "us-east-1"]);
  expect(run.code, run.stderr).toBe(0);
  const [own, shared] = run.stdout.split("shared by every preview of the app, paid once however many there are:");
  expect(own).toContain("hello-pr-3 in us-east-1");
  expect(own).not.toContain("load balancer LoadBalancer");
  expect(shared).toContain("hello-previews in us-east-1");
  expect(shared).toMatch(/load balancer LoadBalancer \(Application Load Balancer\)\s+\$16\.43/);
});

test("berth cost --json of a preview carries the base's estimate beside the preview's", async () => {
  const run = await berthAsync([
    "cost",
    "-f",
    "examples/hello/berth.yml",
    "-e",
    "pr-3",
    "--region",
    "us-east-1",
    "--json",
  ]);
  const parsed = JSON.parse(run.stdout) as {
    stack: string;
    floor: number;
    previewBase: { stack: string; floor: number };
  };
  expect(parsed.stack).toBe("hello-pr-3");
  expect(parsed.previewBase.stack).toBe("hello-previews");
  expect(parsed.previewBase.floor).toBeGreaterThan(parsed.floor);
});

test("berth cost of staging has no base", async () => {
  const run = await berthAsync(
    ["cost", "-f", "examples/cassandra/berth.yml", "-e", "staging", "--region", "us-east-1", "--json"],
    {
      CASSANDRA_CERTIFICATE_ARN: "arn:aws:acm:us-east-1:210987654321:certificate/abc-123",
    },
  );
  expect(run.code, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).not.toHaveProperty("previewBase");
});

test("berth render of a preview prints the previews' base stack, then the preview's own", async () => {
  const run = await berthAsync(["render", "-f", "examples/hello/berth.yml", "-e", "pr-3"]);
  expect(run.code, run.stderr).toBe(0);
  const stacks = [...run.stdout.matchAll(/^# stack (\S+)$/gm)].map((m) => m[1]);
  expect(stacks).toEqual(["hello-previews", "hello-pr-3", "hello-pr-3-web", "hello-pr-3--dashboard"]);
});
