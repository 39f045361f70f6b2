import { expect, test } from "vitest";
import type { AwsRequest } from "../../src/sandbox/aws-request.js";
import { provisioningSeconds } from "../../src/sandbox/provisioning-durations.js";
import { provisioningTimes } from "../../src/sandbox/provisioning-times.js";

const query = (action: string, params: Record<string, string>): AwsRequest => ({
  protocol: "query",
  action,
  params: new URLSearchParams({ Action: action, ...params }),
  region: "us-east-1",
});
const stackXml = (name: string, status: string) =>
  `<member><StackId>arn:${name}</StackId><StackName>${name}</StackName><Parameters><member><ParameterKey>K</ParameterKey></member></Parameters><StackStatus>${status}</StackStatus></member>`;

test("only the stack in progress reads IN_PROGRESS, in DescribeStacks and ListStacks, until its modelled end", () => {
  let now = 1_000_000;
  const speed = 10;
  const model = provisioningTimes({ speed, wallClock: () => now });
  const template = JSON.stringify({ Resources: { Balancer: { Type: "AWS::ElasticLoadBalancingV2::LoadBalancer" } } });
  const changeSet = { StackName: "held", ChangeSetName: "c1" };
  model.observe(query("CreateChangeSet", { ...changeSet, ChangeSetType: "CREATE", TemplateBody: template }), 200);
  expect(model.answer(query("ExecuteChangeSet", changeSet))).toBeUndefined();
  model.observe(query("ExecuteChangeSet", changeSet), 200);

  const body = `<Stacks>${stackXml("held", "UPDATE_COMPLETE")}${stackXml("other", "CREATE_COMPLETE")}</Stacks>`;
  const statuses = (action: string) =>
    [...model.rewrite(query(action, {}), body).matchAll(/<StackStatus>([^<]+)</g)].map((m) => m[1]);
  expect(statuses("DescribeStacks")).toEqual(["CREATE_IN_PROGRESS", "CREATE_COMPLETE"]);
  expect(statuses("ListStacks")).toEqual(["CREATE_IN_PROGRESS", "CREATE_COMPLETE"]);
  expect(model.answer(query("CreateChangeSet", { StackName: "held", ChangeSetName: "c2" }))?.body).toContain(
    "is in CREATE_IN_PROGRESS state and can not be updated",
  );

  now += (provisioningSeconds("AWS::ElasticLoadBalancingV2::LoadBalancer").create * 1000) / speed;
  expect(statuses("DescribeStacks")).toEqual(["UPDATE_COMPLETE", "CREATE_COMPLETE"]);
  expect(model.answer(query("CreateChangeSet", { StackName: "held", ChangeSetName: "c2" }))).toBeUndefined();
});
