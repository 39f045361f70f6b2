import { httpTransport } from "../adapters/http-transport.js";
import type { SmokePort } from "../deployers/release/check-new-version.js";

// A smoke check reads at most this much of a response body.
const BODY_LIMIT = 65_536;

/**
 * Smoke checks go to the environment's own load balancer by its AWS DNS name, which the
 * certificate (made for the app's domain) does not name; so the TLS connection asks for, and
 * checks the certificate against, the app's name instead (SNI and Node's name check), and the
 * X-Berth-Test header crosses only a connection to a server holding that certificate.
 * With AWS_ENDPOINT_URL (the sandbox, moto) the load balancer is the emulator's, whose
 * certificate is self-signed: there any certificate is taken.
 */
export function loadBalancerRequests(options: { emulated: boolean }): SmokePort {
  return {
    async get(url, headers, serverName) {
      const tls = serverName && !options.emulated ? { serverName } : { anyCertificate: true };
      const response = await httpTransport(url, "GET", headers, { timeoutMs: 10_000, ...tls });
      return { status: response.status, body: response.body.subarray(0, BODY_LIMIT).toString("utf8") };
    },
  };
}
