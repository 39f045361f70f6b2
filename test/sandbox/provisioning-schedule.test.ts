import { expect, test } from "vitest";
import { provisioningSeconds, DEFAULT_SECONDS } from "../../src/sandbox/provisioning-durations.js";
import { operationSchedule, type StackState } from "../../src/sandbox/provisioning-schedule.js";
import type { Template } from "../../src/sandbox/template-text.js";

const stack = (Resources: Template["Resources"], parameters: Record<string, string> = {}): StackState => ({
  template: { Resources },
  parameters,
});
const times = (state: StackState, before?: StackState) =>
  Object.fromEntries(
    operationSchedule(before, state).resources.map((r) => [r.logicalId, [r.action, r.start, r.end] as const]),
  );

// A database behind a network: VPC → subnet → subnet group → cluster → instance; a queue beside it.
const network = {
  Vpc: { Type: "AWS::EC2::VPC", Properties: { CidrBlock: "10.0.0.0/16" } },
  Subnet: { Type: "AWS::EC2::Subnet", Properties: { VpcId: { Ref: "Vpc" } } },
  Subnets: { Type: "AWS::RDS::DBSubnetGroup", Properties: { SubnetIds: [{ Ref: "Subnet" }] } },
  Db: {
    Type: "AWS::RDS::DBCluster",
    Properties: { Engine: "aurora-postgresql", DBSubnetGroupName: { Ref: "Subnets" } },
  },
  DbWriter: { Type: "AWS::RDS::DBInstance", Properties: { DBClusterIdentifier: { Ref: "Db" } } },
  Jobs: { Type: "AWS::SQS::Queue" },
};

test("a creation lasts as long as its dependency graph's critical path, each resource after what it references", () => {
  const schedule = operationSchedule(undefined, stack(network));
  const seconds = (type: string) => provisioningSeconds(type).create;
  const clusterStart = seconds("AWS::EC2::VPC") + seconds("AWS::EC2::Subnet") + seconds("AWS::RDS::DBSubnetGroup");
  const end = clusterStart + seconds("AWS::RDS::DBCluster") + seconds("AWS::RDS::DBInstance");
  expect(schedule.end).toBe(end);
  expect(times(stack(network))).toMatchObject({
    Vpc: ["create", 0, seconds("AWS::EC2::VPC")],
    Db: ["create", clusterStart, clusterStart + seconds("AWS::RDS::DBCluster")],
    // Independent of the network: starts at once, ends long before.
    Jobs: ["create", 0, seconds("AWS::SQS::Queue")],
  });
});

test("the durations put a database and a load balancer in minutes, a queue and a role in seconds, an unknown type at the default", () => {
  expect(provisioningSeconds("AWS::RDS::DBInstance").create).toBeGreaterThanOrEqual(300);
  expect(provisioningSeconds("AWS::ElasticLoadBalancingV2::LoadBalancer").create).toBeGreaterThanOrEqual(120);
  expect(provisioningSeconds("AWS::EC2::NatGateway").create).toBeGreaterThanOrEqual(60);
  expect(provisioningSeconds("AWS::SQS::Queue").create).toBeLessThan(60);
  expect(provisioningSeconds("AWS::IAM::Role").create).toBeLessThan(60);
  expect(provisioningSeconds("AWS::Made::Up")).toEqual({
    create: DEFAULT_SECONDS,
    update: DEFAULT_SECONDS,
    delete: DEFAULT_SECONDS,
  });
});

test("DependsOn, Fn::GetAtt and ${Name} in Fn::Sub order resources as Ref does", () => {
  const template = {
    Balancer: { Type: "AWS::ElasticLoadBalancingV2::LoadBalancer" },
    Role: { Type: "AWS::IAM::Role", DependsOn: "Balancer" },
    Group: { Type: "AWS::Logs::LogGroup", Properties: { LogGroupName: { "Fn::Sub": "/x/${Role}/${!Literal}" } } },
    Alarm: {
      Type: "AWS::CloudWatch::Alarm",
      Properties: { Dimensions: [{ Value: { "Fn::GetAtt": ["Group", "Arn"] } }] },
    },
  };
  const lb = provisioningSeconds("AWS::ElasticLoadBalancingV2::LoadBalancer").create;
  const role = provisioningSeconds("AWS::IAM::Role").create;
  const group = provisioningSeconds("AWS::Logs::LogGroup").create;
  expect(times(stack(template))).toMatchObject({
    Role: ["create", lb, lb + role],
    Group: ["create", lb + role, lb + role + group],
    Alarm: ["create", lb + role + group, expect.any(Number)],
  });
});

test("an update takes time only for what it changes: an unchanged cluster costs nothing, a changed queue its update", () => {
  const before = stack(network);
  const after = stack({ ...network, Jobs: { Type: "AWS::SQS::Queue", Properties: { VisibilityTimeout: 60 } } });
  const schedule = operationSchedule(before, after);
  expect(schedule.resources.map((r) => [r.logicalId, r.action])).toEqual([["Jobs", "update"]]);
  expect(schedule.end).toBe(provisioningSeconds("AWS::SQS::Queue").update);
  expect(operationSchedule(before, before)).toEqual({ resources: [], cleanupStart: 0, end: 0 });
});

test("an update follows a changed parameter to the resources that reference it", () => {
  const template = { Queue: { Type: "AWS::SQS::Queue", Properties: { QueueName: { Ref: "Name" } } } };
  const schedule = operationSchedule(stack(template, { Name: "a" }), stack(template, { Name: "b" }));
  expect(schedule.resources.map((r) => [r.logicalId, r.action])).toEqual([["Queue", "update"]]);
});

test("a replaced cluster is created anew, its dependants updated, and the old one deleted in the cleanup phase", () => {
  const replaced = {
    ...network,
    Db: { ...network.Db, Properties: { ...network.Db.Properties, Engine: "aurora-mysql" } },
  };
  const schedule = operationSchedule(stack(network), stack(replaced));
  const cluster = provisioningSeconds("AWS::RDS::DBCluster");
  const instance = provisioningSeconds("AWS::RDS::DBInstance");
  expect(schedule.resources.slice(0, -1).map((r) => [r.logicalId, r.action, r.start, r.end])).toEqual([
    ["Db", "create", 0, cluster.create],
    ["DbWriter", "update", cluster.create, cluster.create + instance.update],
  ]);
  expect(schedule.cleanupStart).toBe(cluster.create + instance.update);
  expect(schedule.resources.at(-1)).toMatchObject({ logicalId: "Db", action: "delete", start: schedule.cleanupStart });
  expect(schedule.end).toBe(schedule.cleanupStart + cluster.delete);
});

test("removed resources are deleted in the cleanup, dependants before what they depend on", () => {
  const { Vpc, Jobs } = network;
  const schedule = operationSchedule(stack(network), stack({ Vpc, Jobs }));
  const deleted = Object.fromEntries(schedule.resources.map((r) => [r.logicalId, r]));
  expect(Object.keys(deleted).sort()).toEqual(["Db", "DbWriter", "Subnet", "Subnets"]);
  expect(deleted.DbWriter!.start).toBe(0);
  expect(deleted.Db!.start).toBe(deleted.DbWriter!.end);
  expect(deleted.Subnet!.start).toBe(deleted.Subnets!.end);
  expect(schedule.end).toBe(deleted.Subnet!.end);
});

test("a cycle (an invalid template) ends rather than recursing forever", () => {
  const schedule = operationSchedule(
    undefined,
    stack({ A: { Type: "AWS::SQS::Queue", DependsOn: "B" }, B: { Type: "AWS::SQS::Queue", DependsOn: "A" } }),
  );
  expect(schedule.end).toBeGreaterThan(0);
});
