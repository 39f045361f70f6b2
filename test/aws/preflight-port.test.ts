import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { preflightPort } from "../../src/aws/preflight-port.js";

const present = `sha256:${"a".repeat(64)}`;
const absent = `sha256:${"b".repeat(64)}`;
let server: Server;
let host: string;
const paths: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    paths.push(req.url ?? "");
    const found = req.url === `/v2/acme/web/manifests/${present}`;
    res.writeHead(found ? 200 : 404, found ? { "docker-content-digest": present } : {});
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  host = `127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

test("an image in another registry is looked up by its repository path, not its host", async () => {
  const port = preflightPort({ region: "us-east-1" });
  expect(await port.imageExists(`${host}/acme/web@${present}`)).toBe("exists");
  expect(paths).toContain(`/v2/acme/web/manifests/${present}`);
});

test("a digest that a registry does not hold is missing", async () => {
  const port = preflightPort({ region: "us-east-1" });
  expect(await port.imageExists(`${host}/acme/web@${absent}`)).toBe("missing");
});
