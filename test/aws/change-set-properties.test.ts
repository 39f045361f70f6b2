import { CloudFormationClient, DescribeChangeSetCommand } from "@aws-sdk/client-cloudformation";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { useDummyAwsCredentials } from "../helpers/moto-server.js";

useDummyAwsCredentials();
const cf = mockClient(CloudFormationClient);
afterEach(() => cf.reset());

// DescribeChangeSet with IncludePropertyValues, as CloudFormation answers an engine change:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceTargetDefinition.html
test("a change set's property changes are read with their before and after values", async () => {
  cf.on(DescribeChangeSetCommand).resolves({
    Status: "CREATE_COMPLETE",
    ChangeSetId: "arn:aws:cloudformation:us-east-1:1:changeSet/berth-1/abc",
    Changes: [
      {
        ResourceChange: {
          Action: "Modify",
          LogicalResourceId: "Database",
          ResourceType: "AWS::RDS::DBCluster",
          Replacement: "True",
          Details: [
            {
              Target: {
                Attribute: "Properties",
                Name: "Engine",
                Path: "/Properties/Engine",
                BeforeValue: "aurora-postgresql",
                AfterValue: "aurora-mysql",
                RequiresRecreation: "Always",
              },
            },
            { Target: { Attribute: "Tags", Name: "berth:app" } },
          ],
        },
      },
    ],
  });
  const state = await cloudFormationPort({ region: "us-east-1" }).describeChangeSet("shop-prod", "berth-1");
  expect(cf.commandCalls(DescribeChangeSetCommand)[0]?.args[0].input.IncludePropertyValues).toBe(true);
  expect(state.id).toBe("arn:aws:cloudformation:us-east-1:1:changeSet/berth-1/abc");
  expect(state.changes).toEqual([
    {
      action: "Modify",
      logicalId: "Database",
      resourceType: "AWS::RDS::DBCluster",
      replacement: "True",
      properties: [
        { name: "Engine", before: "aurora-postgresql", after: "aurora-mysql", requiresRecreation: "Always" },
      ],
    },
  ]);
});
