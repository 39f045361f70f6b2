import { describe, expect, test } from "vitest";
import { preflight, type Found, type PreflightPort } from "../../src/deployers/preflight.js";
import { manifestOf } from "../render/helpers.js";

const GOOD = `registry.example/shop/web@sha256:${"a".repeat(64)}`;
const GONE = `registry.example/shop/web@sha256:${"b".repeat(64)}`;
const CERT = "arn:aws:acm:eu-west-1:210987654321:certificate/abc";
const m = (certificate = CERT) =>
  manifestOf(
    `app: shop\ncertificate: ${certificate}\nservices:\n  web: { image: "${GOOD}", port: 80, http: {}, secrets: { STRIPE: "secretsmanager:prod/stripe#key", TOKEN: "ssm:/shop/token" } }\n`,
  );

function port(found: Record<string, Found>): PreflightPort & { asked: string[] } {
  const asked: string[] = [];
  const answer = (key: string) => {
    asked.push(key);
    return Promise.resolve(found[key] ?? "exists");
  };
  return {
    asked,
    imageExists: answer,
    secretExists: (ref) => answer(ref.name),
    certificateExists: answer,
    databaseCluster: () => Promise.resolve("missing"),
    bucketExists: answer,
    serverlessVersionOrderable: (engine, version) => answer(`${engine} ${version}`),
  };
}

describe("pre-flight before anything changes", () => {
  test("everything present: no problems", async () => {
    expect(await preflight(m(), { web: GOOD }, "eu-west-1", port({}))).toEqual({ problems: [], unchecked: [] });
  });

  test("an image digest that is not in its registry names the service, the reference and the fix", async () => {
    const result = await preflight(m(), { web: GONE }, "eu-west-1", port({ [GONE]: "missing" }));
    expect(result.problems).toEqual([
      {
        service: "web",
        reference: GONE,
        message: "the image digest does not exist in its registry",
        fix: expect.stringMatching(/push that image/),
      },
    ]);
  });

  test("a missing secret and an unreadable parameter are each named with the variable that uses them", async () => {
    const result = await preflight(
      m(),
      { web: GOOD },
      "eu-west-1",
      port({ "prod/stripe": "missing", "/shop/token": "denied" }),
    );
    expect(result.problems.map((p) => [p.service, p.reference, p.message])).toEqual([
      [
        "web",
        "STRIPE (secretsmanager:prod/stripe)",
        "the Secrets Manager secret prod/stripe does not exist in eu-west-1",
      ],
      ["web", "TOKEN (ssm:/shop/token)", "the SSM parameter /shop/token may not be read by this identity"],
    ]);
  });

  test("a missing secret or parameter's fix is the AWS CLI command that creates it, and names its manifest key", async () => {
    const result = await preflight(
      m(),
      { web: GOOD },
      "eu-west-1",
      port({ "prod/stripe": "missing", "/shop/token": "missing" }),
    );
    expect(result.problems.map((p) => [p.path, p.fix])).toEqual([
      [
        "services.web.secrets.STRIPE",
        `create it: aws secretsmanager create-secret --name prod/stripe --secret-string '{"key":"VALUE"}' --region eu-west-1 — or fix the name at services.web.secrets.STRIPE`,
      ],
      [
        "services.web.secrets.TOKEN",
        "create it: aws ssm put-parameter --name /shop/token --type SecureString --value 'VALUE' --region eu-west-1 — or fix the name at services.web.secrets.TOKEN",
      ],
    ]);
  });

  test("a missing secret points at berth secrets set, with the environment's flag", async () => {
    const preview = manifestOf(
      `app: shop\nservices:\n  web: { image: "${GOOD}", secrets: { STRIPE: "secretsmanager:\${environment}/stripe#key" } }\n`,
      { env: "pr-7" },
    );
    const asking = port({ "preview/stripe": "missing" });
    const result = await preflight(preview, { web: GOOD }, "eu-west-1", asking);
    expect(asking.asked).toContain("preview/stripe");
    expect(result.problems.map((p) => p.hint)).toEqual([
      "berth secrets set STRIPE -e pr-7 creates it (the value typed or piped)",
    ]);
  });

  test("a certificate of another region is refused without asking ACM", async () => {
    const asking = port({});
    const result = await preflight(m(), { web: GOOD }, "us-east-1", asking);
    expect(result.problems).toEqual([
      expect.objectContaining({
        reference: CERT,
        message: "the certificate is in eu-west-1, the environment's load balancer in us-east-1",
      }),
    ]);
    expect(asking.asked).not.toContain(CERT);
  });

  test("a registry out of reach is noted as unchecked, not a failure", async () => {
    const result = await preflight(
      m(),
      { web: GOOD },
      "eu-west-1",
      port({ [GOOD]: { unknown: "could not reach registry.example (ENOTFOUND)" } }),
    );
    expect(result).toEqual({ problems: [], unchecked: [`${GOOD}: could not reach registry.example (ENOTFOUND)`] });
  });
});

test("an image two services share is checked once, and a problem names both", async () => {
  const asking = port({ [GONE]: "missing" });
  const result = await preflight(m(), { web: GONE, worker: GONE }, "eu-west-1", asking);
  expect(asking.asked.filter((a) => a === GONE)).toHaveLength(1);
  expect(result.problems[0]).toMatchObject({ service: "web, worker", reference: GONE });
});
