import type { AwsRequest } from "./aws-request.js";
import { callMoto } from "./moto-call.js";
import type { ProxyReply } from "./proxy-reply.js";

const FORM = { "content-type": "application/x-www-form-urlencoded; charset=utf-8" };

/**
 * moto 5.2 deletes a stack's resources in no particular order, so deleting a VPC before
 * its subnets fails with DependencyViolation — after it has already removed the stack
 * itself. AWS deletes in reverse dependency order and succeeds. When moto fails that way
 * and the stack is gone, the sandbox answers what AWS would: the stack was deleted. (The
 * resources moto left behind belong to no stack and are never seen again.)
 */
export function stackDeletion(motoEndpoint: string) {
  return async (request: AwsRequest): Promise<ProxyReply | undefined> => {
    if (request.protocol !== "query" || request.action !== "DeleteStack") return undefined;
    const call = { region: request.region, service: "cloudformation", headers: FORM };
    const answer = await callMoto(motoEndpoint, { ...call, body: request.params.toString() });
    if (answer.status === 200 || !/has dependencies|DependencyViolation/.test(answer.text)) {
      return { status: answer.status, headers: { "content-type": "text/xml" }, body: answer.text };
    }
    const stackName = request.params.get("StackName") ?? "";
    const describe = await callMoto(motoEndpoint, {
      ...call,
      body: new URLSearchParams({ Action: "DescribeStacks", Version: "2010-05-15", StackName: stackName }).toString(),
    });
    if (!/does not exist/.test(describe.text))
      return { status: answer.status, headers: { "content-type": "text/xml" }, body: answer.text };
    return {
      status: 200,
      headers: { "content-type": "text/xml" },
      body: '<DeleteStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ResponseMetadata><RequestId>berth-sandbox</RequestId></ResponseMetadata></DeleteStackResponse>',
    };
  };
}
