import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { useSandboxCertificate } from "../../src/sandbox/sandbox-certificates.js";
import { standInUnmodelledResources } from "../../src/sandbox/stand-ins.js";
import { parseTemplate } from "../../src/sandbox/template-text.js";

const context = { stackName: "shop", region: "eu-south-1", accountId: "123456789012" };
const fixture = () =>
  parseTemplate(readFileSync(new URL("../fixtures/templates/unsupported-by-moto.yml", import.meta.url), "utf8"));

describe("reading templates", () => {
  test("YAML short-form intrinsic functions become their long form", () => {
    const template = parseTemplate(
      "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '${AWS::StackName}-q'\n      Tags: [{ Key: a, Value: !GetAtt Db.Endpoint.Address }, { Key: b, Value: !Join [',', [!Ref X]] }]\n",
    );
    expect(template.Resources?.Q?.Properties).toEqual({
      QueueName: { "Fn::Sub": "${AWS::StackName}-q" },
      Tags: [
        { Key: "a", Value: { "Fn::GetAtt": ["Db", "Endpoint.Address"] } },
        { Key: "b", Value: { "Fn::Join": [",", [{ Ref: "X" }]] } },
      ],
    });
  });
});

describe("standing in for resources moto does not create", () => {
  test("every unmodelled resource becomes an SSM parameter stand-in with the same logical ID", () => {
    const { template, simulated } = standInUnmodelledResources(fixture(), context);
    expect(simulated.map((s) => s.resourceType).sort()).toEqual([
      "AWS::ApplicationAutoScaling::ScalableTarget",
      "AWS::ApplicationAutoScaling::ScalingPolicy",
      "AWS::CloudWatch::Alarm",
      "AWS::RDS::DBCluster",
      "AWS::RDS::DBInstance",
      "AWS::SecretsManager::Secret",
    ]);
    expect(template.Resources?.Db).toMatchObject({
      Type: "AWS::SSM::Parameter",
      Properties: { Name: "/berth-sandbox/shop/Db", Value: "AWS::RDS::DBCluster" },
    });
    expect(template.Resources?.Jobs?.Type).toBe("AWS::SQS::Queue");
  });

  test("Fn::GetAtt and Ref to a stood-in resource become values shaped like AWS's", () => {
    const { template } = standInUnmodelledResources(fixture(), context);
    expect(template.Outputs).toEqual({
      DbEndpoint: { Value: "shop-db.cluster-sandbox.eu-south-1.rds.amazonaws.com" },
      DbSecret: { Value: "arn:aws:secretsmanager:eu-south-1:123456789012:secret:rds!cluster-shop-db-Sandbx" },
      StripeSecret: { Value: "arn:aws:secretsmanager:eu-south-1:123456789012:secret:sandbox-test/stripe-Sandbx" },
      AlarmArn: { Value: "arn:aws:cloudwatch:eu-south-1:123456789012:alarm:shop-errors" },
      QueueUrl: { Value: { Ref: "Jobs" } },
    });
  });

  test("Fn::Sub references to stood-in resources are filled in, other variables are kept", () => {
    const { template } = standInUnmodelledResources(fixture(), context);
    expect(template.Resources?.Jobs?.Properties?.Tags).toEqual([
      { Key: "database", Value: "shop-db.cluster-sandbox.eu-south-1.rds.amazonaws.com" },
      { Key: "alarm", Value: { "Fn::Sub": "shop-errors-5432" } },
    ]);
    const own = standInUnmodelledResources(
      {
        Resources: {
          Db: { Type: "AWS::RDS::DBCluster" },
          Q: {
            Type: "AWS::SQS::Queue",
            Properties: { QueueName: { "Fn::Sub": ["${Db}-${AWS::Region}-${!Db}", { Db: "mine" }] } },
          },
        },
      },
      context,
    );
    expect(own.template.Resources?.Q?.Properties?.QueueName).toEqual({
      "Fn::Sub": ["${Db}-${AWS::Region}-${!Db}", { Db: "mine" }],
    });
  });

  test("a template moto fully models comes back untouched", () => {
    const template = { Resources: { Q: { Type: "AWS::SQS::Queue" } } };
    expect(standInUnmodelledResources(template, context)).toEqual({ template, simulated: [] });
  });

  test("a non-Aurora database instance is left to moto, which models it", () => {
    const template = {
      Resources: {
        Pg: { Type: "AWS::RDS::DBInstance", Properties: { Engine: "postgres", DBInstanceClass: "db.t3.micro" } },
      },
    };
    expect(standInUnmodelledResources(template, context).simulated).toEqual([]);
  });
});

describe("certificates in the sandbox", () => {
  test("an HTTPS listener gets the sandbox's certificate in place of the account's", () => {
    const listener = {
      Type: "AWS::ElasticLoadBalancingV2::Listener",
      Properties: {
        Port: 443,
        Certificates: [{ CertificateArn: "arn:aws:acm:eu-south-1:111122223333:certificate/real" }],
      },
    };
    const { template, simulated } = useSandboxCertificate(
      {
        Resources: {
          Https: listener,
          Http: { Type: "AWS::ElasticLoadBalancingV2::Listener", Properties: { Port: 80 } },
        },
      },
      "arn:aws:acm:us-east-1:123456789012:certificate/sandbox",
    );
    expect(template.Resources?.Https?.Properties?.Certificates).toEqual([
      { CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/sandbox" },
    ]);
    expect(simulated).toEqual([
      {
        logicalId: "Https",
        resourceType: "AWS::ElasticLoadBalancingV2::Listener",
        detail: "its certificate is replaced by one the sandbox issued",
      },
    ]);
  });
});
