/**
 * Just enough of the AWS wire protocols to see what a request asks for: the query
 * protocol (form-encoded `Action=…`, CloudFormation) and the JSON protocol
 * (`X-Amz-Target: Service.Operation`, ECS).
 */
export type AwsRequest =
  | { protocol: "query"; action: string; params: URLSearchParams; region: string }
  | { protocol: "json"; target: string; operation: string; body: unknown; region: string }
  | { protocol: "other"; region: string };

export function parseAwsRequest(headers: Record<string, string | string[] | undefined>, body: Buffer): AwsRequest {
  const region = regionOf(headers.authorization);
  const target = headers["x-amz-target"];
  if (typeof target === "string") {
    let parsed: unknown = {};
    try {
      parsed = body.length > 0 ? JSON.parse(body.toString("utf8")) : {};
    } catch {
      return { protocol: "other", region };
    }
    return { protocol: "json", target, operation: target.slice(target.lastIndexOf(".") + 1), body: parsed, region };
  }
  const contentType = headers["content-type"];
  if (typeof contentType === "string" && contentType.startsWith("application/x-www-form-urlencoded")) {
    const params = new URLSearchParams(body.toString("utf8"));
    const action = params.get("Action");
    if (action) return { protocol: "query", action, params, region };
  }
  return { protocol: "other", region };
}

/** The region a SigV4 request was signed for: Credential=KEY/DATE/REGION/SERVICE/aws4_request. */
function regionOf(authorization: string | string[] | undefined): string {
  const match = typeof authorization === "string" ? /Credential=[^/]+\/\d+\/([^/]+)\//.exec(authorization) : null;
  return match?.[1] ?? "us-east-1";
}
