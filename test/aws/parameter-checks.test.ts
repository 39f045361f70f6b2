import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { preflightPort } from "../../src/aws/preflight-port.js";

// A Parameter Store stand-in on the JSON protocol: it holds `/app/p0`…`/app/p19` but `/app/p7`,
// and refuses `/app/locked` (GetParameters then refuses the whole call, as IAM does).
const held = new Set(Array.from({ length: 20 }, (_, i) => `/app/p${i}`));
held.delete("/app/p7");
const calls: { operation: string; names: string[] }[] = [];
let server: Server;
let endpoint: string;

const denied = { __type: "AccessDeniedException", message: "not authorized to perform: ssm:GetParameter" };
const reply = (operation: string, body: { Name?: string; Names?: string[] }): [number, object] => {
  const names = body.Names ?? [body.Name ?? ""];
  calls.push({ operation, names });
  if (names.includes("/app/locked")) return [400, denied];
  if (operation === "GetParameters")
    return [
      200,
      {
        Parameters: names.filter((n) => held.has(n)).map((Name) => ({ Name, Type: "SecureString" })),
        InvalidParameters: names.filter((n) => !held.has(n)),
      },
    ];
  return held.has(names[0]!)
    ? [200, { Parameter: { Name: names[0], Type: "SecureString" } }]
    : [400, { __type: "ParameterNotFound", message: "" }];
};

beforeAll(async () => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
      const [status, body] = reply(operation, JSON.parse(text) as { Name?: string; Names?: string[] });
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const port = () => preflightPort({ region: "us-east-1", endpoint });
const check = (name: string) => port().secretExists({ kind: "ssm", name });

test("the parameters of every service are checked ten names a call, a missing one found missing", async () => {
  calls.length = 0;
  const p = port();
  const names = Array.from({ length: 20 }, (_, i) => `/app/p${i}`);
  const found = await Promise.all(names.map((name) => p.secretExists({ kind: "ssm", name })));
  expect(found.filter((f) => f === "missing")).toHaveLength(1);
  expect(found[7]).toBe("missing");
  expect(calls.map((c) => [c.operation, c.names.length])).toEqual([
    ["GetParameters", 10],
    ["GetParameters", 10],
  ]);
});

test("a name this identity may not read is told apart: its call is asked again a name at a time", async () => {
  calls.length = 0;
  const p = port();
  const found = await Promise.all(
    ["/app/p1", "/app/locked", "/app/p7"].map((name) => p.secretExists({ kind: "ssm", name })),
  );
  expect(found).toEqual(["exists", "denied", "missing"]);
  expect(calls.map((c) => c.operation)).toEqual(["GetParameters", "GetParameter", "GetParameter", "GetParameter"]);
  expect(await check("/app/p2")).toBe("exists");
});
