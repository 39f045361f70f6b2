import { expect, test } from "vitest";
import type { AwsRequest } from "../../src/sandbox/aws-request.js";
import { simulatorBridge } from "../../src/sandbox/simulator-bridge.js";
import { DeploymentSimulator } from "../../src/sandbox/simulator/simulator.js";
import { virtualClock } from "../../src/sandbox/simulator/virtual-clock.js";

const anyCall: AwsRequest = {
  protocol: "query",
  action: "DescribeStacks",
  params: new URLSearchParams(),
  region: "us-east-1",
};

function bridgeAt(speed?: number) {
  let wall = 1_000_000;
  const simulator = new DeploymentSimulator({ clock: virtualClock({ start: wall }) });
  const bridge = simulatorBridge(simulator, { wallClock: () => wall, ...(speed ? { speed } : {}) });
  return { simulator, bridge, waitWall: (ms: number) => (wall += ms) };
}

test("simulated time follows the wall clock by default", async () => {
  const { simulator, bridge, waitWall } = bridgeAt();
  waitWall(5_000);
  await bridge.answer(anyCall);
  expect(simulator.clock.now()).toBe(1_005_000);
});

test("with --speed 10, ten simulated seconds pass for every second of the wall clock", async () => {
  const { simulator, bridge, waitWall } = bridgeAt(10);
  waitWall(5_000);
  await bridge.answer(anyCall);
  expect(simulator.clock.now()).toBe(1_050_000);
});
