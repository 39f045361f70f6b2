import { callMoto } from "./moto-call.js";
import { parseTemplate } from "./template-text.js";

/**
 * moto has no ImportExistingResources: a change set that asks CloudFormation to take over
 * resources that already exist by name (production's service log groups, kept when their
 * stack went; https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/import-resources-automatically.html)
 * would fail there on the name. The sandbox hands the stack a fresh group of that name instead:
 * the kept group's events are lost in the sandbox, never in AWS.
 */
export async function releaseKeptLogGroups(
  params: URLSearchParams,
  region: string,
  motoEndpoint: string,
): Promise<string[]> {
  const body = params.get("TemplateBody");
  if (params.get("ImportExistingResources") !== "true" || !body) return [];
  let resources;
  try {
    resources = Object.values(parseTemplate(body).Resources ?? {});
  } catch {
    return []; // moto reports the template error in AWS's words.
  }
  const names = resources.flatMap((r) =>
    r?.Type === "AWS::Logs::LogGroup" && typeof r.Properties?.LogGroupName === "string"
      ? [r.Properties.LogGroupName]
      : [],
  );
  const released = [];
  for (const logGroupName of names) {
    const deleted = await callMoto(motoEndpoint, {
      region,
      service: "logs",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "Logs_20140328.DeleteLogGroup" },
      body: JSON.stringify({ logGroupName }),
    });
    if (deleted.status === 200) released.push(logGroupName);
  }
  return released;
}
