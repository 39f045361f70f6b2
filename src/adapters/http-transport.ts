// One HTTP exchange over node:http(s). Not fetch: loading undici costs a no-change push
// about 20 ms of its start-up budget, and berth needs nothing fetch adds.

import type { IncomingMessage } from "node:http";

export interface HttpResponse {
  status: number;
  header(name: string): string | undefined;
  body: Buffer;
}

export interface TransportOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Skip the certificate's name check: for a load balancer reached by its AWS DNS name. */
  anyCertificate?: boolean;
  /**
   * The name the server's certificate must hold, and the SNI name sent, when it is not the
   * URL's host (a load balancer reached by its AWS DNS name that serves the app's domain).
   */
  serverName?: string;
  /** Certificates trusted beside Node's (PEM); for a server with a private CA. */
  ca?: string;
}

export type Transport = (
  url: string,
  method: "GET" | "HEAD",
  headers: Record<string, string>,
  options?: TransportOptions,
) => Promise<HttpResponse>;

export const httpTransport: Transport = async (url, method, headers, options = {}) => {
  const target = new URL(url);
  const { request } = target.protocol === "http:" ? await import("node:http") : await import("node:https");
  const { rootCertificates: tlsRootCertificates } = await import("node:tls");
  return new Promise((resolve, reject) => {
    const tls = options.anyCertificate
      ? { rejectUnauthorized: false }
      : {
          ...(options.serverName ? { servername: options.serverName } : {}),
          ...(options.ca ? { ca: [...tlsRootCertificates, options.ca] } : {}),
        };
    const req = request(
      target,
      { method, headers, timeout: options.timeoutMs ?? 30_000, ...tls },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const value = (name: string) => {
            const v = res.headers[name.toLowerCase()];
            return Array.isArray(v) ? v.join(", ") : v;
          };
          resolve({ status: res.statusCode ?? 0, header: value, body: Buffer.concat(chunks) });
        });
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end();
  });
};
