import { CloudFormationClient, CreateChangeSetCommand } from "@aws-sdk/client-cloudformation";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";

// A stack created again takes over the log group its predecessor kept (src/deployers/retained-names.ts).
const cloudFormation = mockClient(CloudFormationClient);
afterEach(() => cloudFormation.reset());

test("a CREATE change set that may import retained resources asks CloudFormation to; an UPDATE does not", async () => {
  cloudFormation.on(CreateChangeSetCommand).resolves({});
  const port = cloudFormationPort({ region: "eu-west-1" });
  const request = {
    stackName: "shop-production-web",
    changeSetName: "c",
    templateBody: "{}",
    importExistingResources: true,
  };
  await port.createChangeSet({ ...request, type: "CREATE" });
  await port.createChangeSet({ ...request, type: "UPDATE" });
  const sent = cloudFormation.commandCalls(CreateChangeSetCommand).map((call) => call.args[0].input);
  expect(sent.map((input) => input.ImportExistingResources)).toEqual([true, undefined]);
});
