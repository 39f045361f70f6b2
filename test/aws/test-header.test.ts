import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeRulesCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, expect, test } from "vitest";
import { testHeaderRotation } from "../../src/aws/test-header.js";
import { startMoto, useDummyAwsCredentials, type MotoServer } from "../helpers/moto-server.js";

// The test rule's value, set per run through ELBv2 (moto_server).

let moto: MotoServer;
let elb: ElasticLoadBalancingV2Client;
let ruleArn: string;
const region = "eu-west-1";

beforeAll(async () => {
  useDummyAwsCredentials();
  moto = await startMoto();
  const config = { region, endpoint: moto.endpoint };
  const ec2 = new EC2Client(config);
  elb = new ElasticLoadBalancingV2Client(config);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
  const subnets = await Promise.all(
    ["10.0.1.0/24", "10.0.2.0/24"].map(async (cidr, i) => {
      const zone = `${region}${"ab"[i]}`;
      const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: zone }));
      return subnet.Subnet!.SubnetId!;
    }),
  );
  const lb = await elb.send(new CreateLoadBalancerCommand({ Name: "shop", Subnets: subnets }));
  const tg = await elb.send(new CreateTargetGroupCommand({ Name: "web", Protocol: "HTTP", Port: 80, VpcId: vpc }));
  const forward = [{ Type: "forward" as const, TargetGroupArn: tg.TargetGroups![0]!.TargetGroupArn! }];
  const listener = await elb.send(
    new CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancers![0]!.LoadBalancerArn!,
      Protocol: "HTTP",
      Port: 80,
      DefaultActions: forward,
    }),
  );
  const rule = await elb.send(
    new CreateRuleCommand({
      ListenerArn: listener.Listeners![0]!.ListenerArn!,
      Priority: 2000,
      Conditions: [
        { Field: "path-pattern", PathPatternConfig: { Values: ["/api/*"] } },
        { Field: "http-header", HttpHeaderConfig: { HttpHeaderName: "X-Berth-Test", Values: ["known-before"] } },
      ],
      Actions: forward,
    }),
  );
  ruleArn = rule.Rules![0]!.RuleArn!;
});

afterAll(async () => {
  await moto?.stop();
});

const conditionsOfRule = async () =>
  (await elb.send(new DescribeRulesCommand({ RuleArns: [ruleArn] }))).Rules![0]!.Conditions!;

test("a run puts a fresh 48-character value in the rule's header condition once, keeping its other conditions", async () => {
  const rotation = testHeaderRotation({ region, endpoint: moto.endpoint });
  const value = await rotation(ruleArn);
  expect(value).toMatch(/^[A-Za-z0-9_-]{48}$/);
  expect(await rotation(ruleArn)).toBe(value);
  const conditions = await conditionsOfRule();
  expect(conditions.find((c) => c.Field === "http-header")?.HttpHeaderConfig).toEqual({
    HttpHeaderName: "X-Berth-Test",
    Values: [value],
  });
  expect(conditions.find((c) => c.Field === "path-pattern")?.PathPatternConfig?.Values).toEqual(["/api/*"]);
  // The next run's value replaces this one.
  const next = await testHeaderRotation({ region, endpoint: moto.endpoint })(ruleArn);
  expect(next).not.toBe(value);
});
