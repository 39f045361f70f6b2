import type { AwsRequest } from "./aws-request.js";
import type { ProxyReply } from "./proxy-reply.js";

const MESSAGE = 'Rate exceeded (the berth sandbox\'s "throttle" fault)';

/**
 * The "throttle" fault: a share of AWS calls is refused as AWS refuses calls over its rate
 * limits, with HTTP 400 and the error shape of the call's protocol — `ThrottlingException`
 * in the JSON protocol (ECS, CloudWatch Logs), `Throttling` in the query protocol
 * (CloudFormation, ELBv2) — which the SDKs retry with backoff
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html). Calls in
 * other protocols pass. The choice is pseudo-random from a fixed seed, so a run repeats.
 */
export function throttling(share: number, seed = 1) {
  const random = mulberry32(seed);
  let refused = 0;
  const throttle = (request: AwsRequest): ProxyReply | undefined => {
    if (request.protocol === "other" || random() >= share) return undefined;
    refused += 1;
    if (request.protocol === "json") {
      const version = request.target.startsWith("DynamoDB") ? "1.0" : "1.1";
      return {
        status: 400,
        headers: { "content-type": `application/x-amz-json-${version}` },
        body: JSON.stringify({ __type: "ThrottlingException", message: MESSAGE }),
      };
    }
    const body = `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>${MESSAGE.replace(/"/g, "&quot;")}</Message></Error><RequestId>berth-sandbox-throttle</RequestId></ErrorResponse>`;
    return { status: 400, headers: { "content-type": "text/xml" }, body };
  };
  return { throttle, refused: () => refused };
}

/** A small seeded generator (mulberry32): uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
