import { request } from "node:http";

export interface MotoCall {
  region: string;
  /** The signing name moto routes on: acm, elasticloadbalancing, … */
  service: string;
  headers: Record<string, string>;
  body: string;
  /** POST to / (the query and JSON protocols) unless given: S3 names its objects in the path, REST APIs their resources. */
  method?: "GET" | "POST" | "PUT" | "DELETE";
  path?: string;
}

/**
 * A call the sandbox itself makes to moto (not one of the user's). moto reads the region
 * and the service from the SigV4 credential scope and does not check the signature, so a
 * scope is all the request needs.
 */
export function callMoto(motoEndpoint: string, call: MotoCall): Promise<{ status: number; text: string }> {
  const headers = {
    ...call.headers,
    authorization: `AWS4-HMAC-SHA256 Credential=sandbox/20260101/${call.region}/${call.service}/aws4_request, SignedHeaders=host, Signature=sandbox`,
    "content-length": String(Buffer.byteLength(call.body)),
  };
  return new Promise((resolve, reject) => {
    const outgoing = request(
      new URL(call.path ?? "/", motoEndpoint),
      { method: call.method ?? "POST", headers },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(call.body);
  });
}
