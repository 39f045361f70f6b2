import { request as http } from "node:http";
import { request as https } from "node:https";
import type { SmokePort } from "../deployers/release/check-new-version.js";

/**
 * Smoke checks go to the environment's own load balancer by its AWS DNS name, which the
 * certificate (made for the app's domain) does not name; so the TLS name is not checked,
 * while the Host header routes the request as the app's real traffic would be.
 */
export const loadBalancerRequests: SmokePort = {
  get(url, headers) {
    const send = url.startsWith("https:") ? https : http;
    return new Promise((resolve, reject) => {
      const req = send(url, { method: "GET", headers, timeout: 10_000, rejectUnauthorized: false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += body.length < 65_536 ? chunk : ""));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("timeout", () => req.destroy(new Error("no answer within 10 s")));
      req.on("error", reject);
      req.end();
    });
  },
};
