import { X509Certificate } from "node:crypto";
import { expect, test } from "vitest";
import { selfSignedCertificate } from "../../src/sandbox/self-signed.js";

test("the sandbox's certificate is a valid X.509 certificate, signed by its own key, valid now", () => {
  const { cert } = selfSignedCertificate("berth sandbox load balancer");
  const parsed = new X509Certificate(cert);
  expect(parsed.subject).toBe("CN=berth sandbox load balancer");
  expect(parsed.verify(parsed.publicKey)).toBe(true);
  expect(new Date(parsed.validFrom).getTime()).toBeLessThan(Date.now());
  expect(new Date(parsed.validTo).getTime()).toBeGreaterThan(Date.now());
});
