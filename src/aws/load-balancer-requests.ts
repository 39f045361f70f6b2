import type { SmokePort } from "../deployers/release/check-new-version.js";
import { httpTransport } from "../images/http-transport.js";

// A smoke check reads at most this much of a response body.
const BODY_LIMIT = 65_536;

/**
 * Smoke checks go to the environment's own load balancer by its AWS DNS name, which the
 * certificate (made for the app's domain) does not name; so the TLS name is not checked,
 * while the Host header routes the request as the app's real traffic would be.
 */
export const loadBalancerRequests: SmokePort = {
  async get(url, headers) {
    const response = await httpTransport(url, "GET", headers, { timeoutMs: 10_000, anyCertificate: true });
    return { status: response.status, body: response.body.subarray(0, BODY_LIMIT).toString("utf8") };
  },
};
