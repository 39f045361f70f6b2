import { expect, test } from "vitest";
import type { AwsRequest } from "../../src/sandbox/aws-request.js";
import { throttling } from "../../src/sandbox/throttling.js";

const ecsCall: AwsRequest = {
  protocol: "json",
  target: "AmazonEC2ContainerServiceV20141113.DescribeServices",
  operation: "DescribeServices",
  body: {},
  region: "us-east-1",
};
const stackCall: AwsRequest = {
  protocol: "query",
  action: "DescribeStacks",
  params: new URLSearchParams(),
  region: "us-east-1",
};

test("a throttled JSON-protocol call gets 400 with __type ThrottlingException", () => {
  const reply = throttling(1).throttle(ecsCall);
  expect(reply?.status).toBe(400);
  expect(JSON.parse(reply?.body ?? "{}")).toMatchObject({ __type: "ThrottlingException" });
});

test("a throttled query-protocol call gets 400 with the error code Throttling in XML", () => {
  const reply = throttling(1).throttle(stackCall);
  expect(reply?.status).toBe(400);
  expect(reply?.body).toContain("<Code>Throttling</Code>");
});

test("calls in other protocols are never throttled", () => {
  expect(throttling(1).throttle({ protocol: "other", region: "us-east-1" })).toBeUndefined();
});

test("about the share asked for is refused, the same calls on every run", () => {
  const run = () => {
    const fault = throttling(0.2);
    return Array.from({ length: 1000 }, () => fault.throttle(ecsCall) !== undefined);
  };
  const refused = run().filter(Boolean).length;
  expect(refused).toBeGreaterThan(150);
  expect(refused).toBeLessThan(250);
  expect(run()).toEqual(run());
});
