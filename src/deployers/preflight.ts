import type { Manifest, SecretRef } from "../manifest/types.js";
import { environmentFlag } from "./lock/environment-flag.js";
import { preflightExistingData } from "./preflight-existing-data.js";
import type { Found, PreflightPort, PreflightProblem, PreflightResult } from "./preflight-port.js";

export type { Found, PreflightPort, PreflightProblem, PreflightResult } from "./preflight-port.js";

interface Check {
  service?: string;
  path?: string;
  reference: string;
  read: () => Promise<Found>;
  missing: { message: string; fix: string; hint?: string };
  denied: { message: string; fix: string };
}

/**
 * Before anything changes: every image digest is in its registry, every secret and
 * parameter the services reference exists and may be read, and the certificate is in the
 * stack's region (ACM certificates are regional and a load balancer can use only its own
 * region's: https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html).
 */
export async function preflight(
  m: Manifest,
  images: Record<string, string>,
  region: string,
  port: PreflightPort,
): Promise<PreflightResult> {
  const checks: Check[] = [];
  // Services that share an image are checked once, and named together.
  const users = new Map<string, string[]>();
  for (const [service, ref] of Object.entries(images)) users.set(ref, [...(users.get(ref) ?? []), service]);
  for (const [ref, services] of users) {
    checks.push({
      service: services.join(", "),
      reference: ref,
      read: () => port.imageExists(ref),
      missing: {
        message: "the image digest does not exist in its registry",
        fix: "push that image, or pin a digest that exists (berth push prints them)",
      },
      denied: {
        message: "the registry refused to say whether the image exists",
        fix: "check the registry credentials (BERTH_REGISTRY_USERNAME/PASSWORD, or ECR permissions)",
      },
    });
  }
  for (const s of Object.values(m.services)) {
    for (const [variable, secret] of Object.entries(s.secrets)) {
      const store = secret.kind === "ssm" ? "SSM parameter" : "Secrets Manager secret";
      const path = `services.${s.name}.secrets.${variable}`;
      checks.push({
        service: s.name,
        path,
        reference: `${variable} (${secret.kind}:${secret.name})`,
        read: () => port.secretExists(secret),
        missing: {
          message: `the ${store} ${secret.name} does not exist in ${region}`,
          fix: `create it: ${creatingCommand(secret, region)} — or fix the name at ${path}`,
          hint: `berth secrets set ${variable}${environmentFlag(m.environment)} creates it (the value typed or piped)`,
        },
        denied: {
          message: `the ${store} ${secret.name} may not be read by this identity`,
          fix: "allow secretsmanager:DescribeSecret / ssm:GetParameter on it",
        },
      });
    }
  }
  const existing = m.database?.existing;
  if (existing) {
    const secret = { kind: "secretsmanager" as const, name: existing.secret };
    checks.push({
      path: "database.existing.secret",
      reference: "the existing database's login secret",
      read: () => port.secretExists(secret),
      missing: {
        message: `the Secrets Manager secret at database.existing.secret does not exist in ${region}`,
        fix: "set database.existing.secret to the ARN of the secret that holds the cluster's username and password",
      },
      denied: {
        message: "the existing database's login secret may not be read by this identity",
        fix: "allow secretsmanager:DescribeSecret on it",
      },
    });
  }
  const problems: PreflightProblem[] = [];
  if (m.certificate) {
    const certRegion = m.certificate.split(":")[3];
    if (certRegion && certRegion !== region) {
      problems.push({
        path: "certificate",
        reference: m.certificate,
        message: `the certificate is in ${certRegion}, the environment's load balancer in ${region}`,
        fix: `request or import the certificate in ${region} (ACM) and set certificate: to its ARN`,
      });
    } else {
      const arn = m.certificate;
      checks.push({
        path: "certificate",
        reference: arn,
        read: () => port.certificateExists(arn),
        missing: {
          message: `the certificate does not exist in ${region}`,
          fix: "check the ARN under certificate:, or request the certificate in ACM",
        },
        denied: {
          message: "the certificate may not be described by this identity",
          fix: "allow acm:DescribeCertificate",
        },
      });
    }
  }
  const data = await preflightExistingData(m, region, port);
  problems.push(...data.problems);
  const unchecked: string[] = [...data.unchecked];
  const found = await Promise.all(checks.map((c) => c.read()));
  checks.forEach((check, i) => {
    const result = found[i]!;
    const at = { ...(check.service ? { service: check.service } : {}), ...(check.path ? { path: check.path } : {}) };
    if (result === "missing") problems.push({ ...at, reference: check.reference, ...check.missing });
    else if (result === "denied") problems.push({ ...at, reference: check.reference, ...check.denied });
    else if (typeof result === "object") unchecked.push(`${check.reference}: ${result.unknown}`);
  });
  return { problems, unchecked };
}

/**
 * The AWS CLI command that creates a missing secret or parameter, with a placeholder for the
 * value (berth never knows it): a secret read by JSON key holds a JSON object with that key.
 * https://docs.aws.amazon.com/cli/latest/reference/secretsmanager/create-secret.html,
 * https://docs.aws.amazon.com/cli/latest/reference/ssm/put-parameter.html
 */
export function creatingCommand(secret: Exclude<SecretRef, { kind: "db" }>, region: string): string {
  if (secret.kind === "ssm")
    return `aws ssm put-parameter --name ${secret.name} --type SecureString --value 'VALUE' --region ${region}`;
  const value = secret.jsonKey ? `'{"${secret.jsonKey}":"VALUE"}'` : "'VALUE'";
  return `aws secretsmanager create-secret --name ${secret.name} --secret-string ${value} --region ${region}`;
}
