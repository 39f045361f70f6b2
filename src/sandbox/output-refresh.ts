import type { AwsRequest } from "./aws-request.js";
import { callMoto } from "./moto-call.js";
import { parseTemplate } from "./template-text.js";

/**
 * moto 5.2 applies an executed change set to the stack's resources but never recomputes
 * the stack's Outputs (a stack created through a change set has none; an updated one keeps
 * the old ones), while AWS does. berth reads outputs after every infrastructure step, so
 * after moto executes a change set the sandbox sends it an UpdateStack with the same
 * template — which moto does recompute outputs for. moto refuses an update with an
 * identical template, so the template carries a marker in its Metadata; the resources are
 * the same, so nothing else changes.
 */
export function outputRefresher(motoEndpoint: string) {
  const changeSets = new Map<string, URLSearchParams>();
  let refreshes = 0;
  return async (request: AwsRequest, status: number, forwardedBody: Buffer): Promise<void> => {
    if (request.protocol !== "query" || status !== 200) return;
    const key = `${request.params.get("StackName")}/${request.params.get("ChangeSetName")}`;
    if (request.action === "CreateChangeSet") {
      changeSets.set(key, new URLSearchParams(forwardedBody.toString("utf8")));
      return;
    }
    const changeSet = request.action === "ExecuteChangeSet" ? changeSets.get(key) : undefined;
    const template = changeSet?.get("TemplateBody");
    if (!changeSet || !template) return;
    changeSets.delete(key);
    refreshes += 1;
    const parsed = parseTemplate(template);
    const marked = {
      ...parsed,
      Metadata: { ...(parsed.Metadata as object | undefined), BerthSandbox: { outputsRefreshed: refreshes } },
    };
    const params = new URLSearchParams({
      Action: "UpdateStack",
      Version: "2010-05-15",
      StackName: request.params.get("StackName") ?? "",
      TemplateBody: JSON.stringify(marked),
    });
    // The change set's parameters and capabilities, so the update is the same stack.
    for (const [name, value] of changeSet)
      if (name.startsWith("Parameters.") || name.startsWith("Capabilities.")) params.set(name, value);
    await callMoto(motoEndpoint, {
      region: request.region,
      service: "cloudformation",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: params.toString(),
    });
  };
}
