import type { AwsRequest } from "./aws-request.js";
import { callMoto } from "./moto-call.js";
import type { ProxyReply } from "./proxy-reply.js";
import type { SimulatedResource } from "./stand-ins.js";
import type { Template } from "./template-text.js";

const LISTENER = "AWS::ElasticLoadBalancingV2::Listener";

/**
 * moto's ELBv2 refuses an HTTPS listener whose certificate is not in moto's own ACM
 * ("CertificateNotFound: Supplied certificate was not found"), and a real certificate of
 * the user's account never is. Listeners get a certificate the sandbox requested from moto
 * instead; the template is otherwise unchanged.
 */
export function useSandboxCertificate(
  template: Template,
  certificateArn: string,
): { template: Template; simulated: SimulatedResource[] } {
  const simulated: SimulatedResource[] = [];
  const resources = { ...(template.Resources ?? {}) };
  for (const [logicalId, resource] of Object.entries(resources)) {
    const certificates = resource.Properties?.Certificates;
    if (resource.Type !== LISTENER || !Array.isArray(certificates) || certificates.length === 0) continue;
    resources[logicalId] = {
      ...resource,
      Properties: { ...resource.Properties, Certificates: [{ CertificateArn: certificateArn }] },
    };
    simulated.push({
      logicalId,
      resourceType: LISTENER,
      detail: "its certificate is replaced by one the sandbox issued",
    });
  }
  return simulated.length === 0
    ? { template, simulated }
    : { template: { ...template, Resources: resources }, simulated };
}

export function needsCertificate(template: Template): boolean {
  return Object.values(template.Resources ?? {}).some(
    (r) => r.Type === LISTENER && Array.isArray(r.Properties?.Certificates) && r.Properties.Certificates.length > 0,
  );
}

/** Requests a certificate from moto's ACM in a region, once per region. */
export function sandboxCertificates(motoEndpoint: string): (region: string) => Promise<string> {
  const issued = new Map<string, Promise<string>>();
  return (region) => {
    let arn = issued.get(region);
    if (!arn) {
      arn = requestCertificate(motoEndpoint, region);
      issued.set(region, arn);
    }
    return arn;
  };
}

async function requestCertificate(motoEndpoint: string, region: string): Promise<string> {
  const { text } = await callMoto(motoEndpoint, {
    region,
    service: "acm",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "CertificateManager.RequestCertificate" },
    body: JSON.stringify({ DomainName: "sandbox.berth.internal" }),
  });
  const arn = (JSON.parse(text || "{}") as { CertificateArn?: string }).CertificateArn;
  if (!arn) throw new Error(`moto's ACM issued no certificate: ${text.slice(0, 200)}`);
  return arn;
}

const DESCRIBE_CERTIFICATE = "CertificateManager.DescribeCertificate";

/**
 * A certificate of the user's account is never in moto, and the sandbox gives HTTPS
 * listeners its own; so DescribeCertificate of a certificate moto does not know, in the
 * region asked, answers as for an issued certificate (berth's pre-flight reads it). One in
 * another region stays not found, as on AWS.
 */
export function standInCertificateReads(
  motoEndpoint: string,
): (request: AwsRequest) => Promise<ProxyReply | undefined> {
  return async (request) => {
    if (request.protocol !== "json" || request.target !== DESCRIBE_CERTIFICATE) return undefined;
    const arn = (request.body as { CertificateArn?: string }).CertificateArn ?? "";
    const headers = { "content-type": "application/x-amz-json-1.1", "x-amz-target": DESCRIBE_CERTIFICATE };
    const answer = await callMoto(motoEndpoint, {
      region: request.region,
      service: "acm",
      headers,
      body: JSON.stringify({ CertificateArn: arn }),
    });
    const inRegion = arn.startsWith(`arn:aws:acm:${request.region}:`);
    if (answer.status === 200 || !inRegion || !/ResourceNotFound/.test(answer.text)) {
      return { status: answer.status, headers: { "content-type": "application/x-amz-json-1.1" }, body: answer.text };
    }
    const certificate = {
      CertificateArn: arn,
      DomainName: "sandbox.berth.internal",
      Status: "ISSUED",
      Type: "IMPORTED",
      InUseBy: [],
    };
    return {
      status: 200,
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: JSON.stringify({ Certificate: certificate }),
    };
  };
}
