import type { AwsRequest } from "./aws-request.js";
import { callMoto } from "./moto-call.js";

// The CloudFormation actions that may name their template by URL instead of carrying it.
const URL_ACTIONS = new Set(["CreateChangeSet", "CreateStack", "UpdateStack", "ValidateTemplate"]);

/** Bucket and key of a template URL in the form berth sends: https://<bucket>.s3.<region>.amazonaws.com/<key>. */
export function templateObject(url: string): { bucket: string; key: string } | undefined {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const bucket = /^(.+)\.s3\.[a-z0-9-]+\.amazonaws\.com$/.exec(parsed.hostname)?.[1];
  const key = decodeURIComponent(parsed.pathname.slice(1));
  return bucket && key ? { bucket, key } : undefined;
}

/**
 * A request naming its template by URL, rewritten to carry the template inline, read from
 * moto's S3: the proxy's stand-ins, certificates and secrets, and every observer of
 * templates, then see it as they see an inline body (moto has no size limit on either).
 * Any other request, or a URL moto cannot answer, is returned as it came.
 */
export async function withTemplateInline(
  request: AwsRequest,
  body: Buffer,
  motoEndpoint: string,
): Promise<{ request: AwsRequest; body: Buffer }> {
  if (request.protocol !== "query" || !URL_ACTIONS.has(request.action)) return { request, body };
  const object = templateObject(request.params.get("TemplateURL") ?? "");
  if (!object) return { request, body };
  const path = `/${encodeURIComponent(object.bucket)}/${object.key.split("/").map(encodeURIComponent).join("/")}`;
  // Signed as the caller's region: moto refuses an anonymous read of a private bucket.
  const answer = await callMoto(motoEndpoint, {
    region: request.region,
    service: "s3",
    method: "GET",
    path,
    headers: {},
    body: "",
  });
  // moto reports a missing object in AWS's words when it gets the URL itself.
  if (answer.status !== 200) return { request, body };
  const params = new URLSearchParams(request.params);
  params.delete("TemplateURL");
  params.set("TemplateBody", answer.text);
  return { request: { ...request, params }, body: Buffer.from(params.toString(), "utf8") };
}
