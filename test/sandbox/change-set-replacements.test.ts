import { describe, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { summarizeChanges } from "../../src/deployers/infrastructure/change-summary.js";
import { replacementOf } from "../../src/sandbox/change-set-replacements.js";
import { useSandbox } from "../helpers/sandbox.js";

const cluster = (properties: Record<string, unknown>) => ({
  Type: "AWS::RDS::DBCluster",
  Properties: { Engine: "aurora-postgresql", EngineVersion: "16.4", DatabaseName: "shop", ...properties },
});
const template = (properties: Record<string, unknown>) =>
  JSON.stringify({
    Resources: { Database: cluster(properties), Uploads: { Type: "AWS::S3::Bucket", Properties: {} } },
  });

describe("replacement from create-only properties", () => {
  test("a change of a create-only property replaces the resource; any other change does not", () => {
    expect(replacementOf(cluster({}), cluster({ DatabaseName: "other" }))).toBe(true);
    expect(replacementOf(cluster({}), cluster({ EngineVersion: "16.6" }))).toBe(false);
  });

  test("a change of an Aurora cluster's engine replaces it, which its registry schema does not say", () => {
    expect(replacementOf(cluster({}), cluster({ Engine: "aurora-mysql" }))).toBe(true);
  });

  test("a type whose create-only properties the sandbox does not know gets no answer", () => {
    expect(
      replacementOf({ Type: "AWS::SNS::Topic" }, { Type: "AWS::SNS::Topic", Properties: { TopicName: "x" } }),
    ).toBeUndefined();
  });
});

describe("change sets in the sandbox", () => {
  const sandbox = useSandbox();
  const port = () => cloudFormationPort({ region: sandbox().region, endpoint: sandbox().endpoint });

  async function changeSet(name: string, body: string) {
    await port().createChangeSet({ stackName: "data", changeSetName: name, templateBody: body, type: "UPDATE" });
    return port().describeChangeSet("data", name);
  }

  test("report a stood-in Aurora cluster whose create-only property changes as replaced, so the data-loss guard sees it", async () => {
    await port().createChangeSet({
      stackName: "data",
      changeSetName: "create",
      templateBody: template({}),
      type: "CREATE",
    });
    await port().executeChangeSet("data", "create");
    const replaced = await changeSet("rename", template({ DatabaseName: "renamed" }));
    expect(replaced.changes).toContainEqual({
      action: "Modify",
      logicalId: "Database",
      resourceType: "AWS::RDS::DBCluster",
      replacement: "True",
    });
    expect(summarizeChanges(replaced.changes).risky).toEqual([
      { logicalId: "Database", resourceType: "AWS::RDS::DBCluster", effect: "replaced" },
    ]);
  });

  test("report an update in place of a stood-in cluster as a modification that replaces nothing", async () => {
    const upgraded = await changeSet("upgrade", template({ EngineVersion: "16.6" }));
    expect(upgraded.changes).toContainEqual({
      action: "Modify",
      logicalId: "Database",
      resourceType: "AWS::RDS::DBCluster",
      replacement: "False",
    });
    expect(summarizeChanges(upgraded.changes).risky).toEqual([]);
  });
});
