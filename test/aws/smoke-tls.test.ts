import { createServer, type Server } from "node:https";
import { afterAll, beforeAll, expect, test } from "vitest";
import { httpTransport } from "../../src/adapters/http-transport.js";
import { selfSignedCertificate } from "../../src/sandbox/self-signed.js";

// The smoke checks' TLS: the load balancer is reached by its address, the certificate checked
// against the app's name (docs/architecture.md, "The test header").

const certificate = selfSignedCertificate("shop.example");
let server: Server;
let url: string;
const received: (string | undefined)[] = [];

beforeAll(async () => {
  server = createServer(certificate, (req, res) => {
    received.push(req.headers["x-berth-test"] as string | undefined);
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `https://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/healthz`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("a certificate that holds the name is trusted, though the URL names an address", async () => {
  const answer = await httpTransport(url, "GET", {}, { serverName: "shop.example", ca: certificate.cert });
  expect(answer.status).toBe(200);
});

test("a certificate for another name, or one nobody trusts, gets no request and no header", async () => {
  const before = received.length;
  const secret = { "X-Berth-Test": "never-sent" };
  await expect(
    httpTransport(url, "GET", secret, { serverName: "other.example", ca: certificate.cert }),
  ).rejects.toThrow(/altnames|does not match|Hostname/i);
  await expect(httpTransport(url, "GET", secret, { serverName: "shop.example" })).rejects.toThrow(
    /self.signed|unable to verify|certificate/i,
  );
  expect(received.length).toBe(before);
});
