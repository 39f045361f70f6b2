import { describe, expect, test } from "vitest";
import { asRefusal, withRefusals } from "../../src/aws/refusals.js";
import { UserError } from "../../src/exit-codes.js";

function awsError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

describe("AWS refusals", () => {
  test("a 4xx answer becomes a user error naming the service, the operation and AWS's words", () => {
    const refusal = asRefusal("CloudFormation", "ExecuteChangeSet", awsError("CertificateNotFound", "Supplied certificate was not found", 400));
    expect(refusal).toBeInstanceOf(UserError);
    expect((refusal as UserError).message).toBe("CloudFormation ExecuteChangeSet refused: Supplied certificate was not found (CertificateNotFound)");
  });

  test("access denied says where the permission is missing", () => {
    const refusal = asRefusal("CloudFormation", "CreateChangeSet", awsError("AccessDenied", "User is not authorized to perform cloudformation:CreateChangeSet", 403)) as UserError;
    expect(refusal.hint).toMatch(/deploying role/);
  });

  test("network failures and AWS's own 5xx errors are not the user's to fix and pass through", async () => {
    const outage = awsError("InternalFailure", "boom", 500);
    expect(asRefusal("CloudFormation", "DescribeStacks", outage)).toBe(outage);
    const port = withRefusals("CloudFormation", { describeStack: async () => Promise.reject(new Error("ECONNREFUSED")) });
    await expect(port.describeStack()).rejects.toThrow("ECONNREFUSED");
  });
});
