import { describe, expect, test } from "vitest";
import { withAwsFailures } from "../../src/aws/aws-failure.js";
import { UserError } from "../../src/exit-codes.js";

describe("AWS failures behind a port", () => {
  test("an error AWS answers becomes one line naming the service, the operation and AWS's words", async () => {
    const refusal = Object.assign(new Error("Supplied certificate was not found"), {
      name: "CertificateNotFound",
      $metadata: { httpStatusCode: 400 },
    });
    const port = withAwsFailures("CloudFormation", { executeChangeSet: async () => Promise.reject(refusal) });
    const failure = await port.executeChangeSet().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).message).toBe(
      "CloudFormation ExecuteChangeSet failed: CertificateNotFound: Supplied certificate was not found",
    );
  });

  test("what a method returns passes through unchanged", async () => {
    const port = withAwsFailures("CloudFormation", { describeStack: async (name: string) => ({ name }) });
    expect(await port.describeStack("app")).toEqual({ name: "app" });
  });
});
