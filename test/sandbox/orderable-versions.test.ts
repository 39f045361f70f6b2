import { expect, test } from "vitest";
import { preflightPort } from "../../src/aws/preflight-port.js";
import { useSandbox } from "../helpers/sandbox.js";

// What berth's pre-flight hears about Serverless v2 versions: from moto_server as is, and
// through the sandbox, which answers for the versions berth knows as AWS does.

const sandbox = useSandbox();

test("moto alone calls berth's default versions unorderable; the sandbox offers them for db.serverless", async () => {
  const moto = preflightPort({ region: sandbox().region, endpoint: sandbox().motoEndpoint });
  expect(await moto.serverlessVersionOrderable("aurora-postgresql", "16.8")).toBe("missing");
  expect(await moto.serverlessVersionOrderable("aurora-mysql", "8.0.mysql_aurora.3.10.0")).toBe("missing");
  const port = preflightPort({ region: sandbox().region, endpoint: sandbox().endpoint });
  expect(await port.serverlessVersionOrderable("aurora-postgresql", "16.8")).toBe("exists");
  expect(await port.serverlessVersionOrderable("aurora-mysql", "8.0.mysql_aurora.3.10.0")).toBe("exists");
});

test("a version neither berth nor moto knows is not orderable through the sandbox", async () => {
  const port = preflightPort({ region: sandbox().region, endpoint: sandbox().endpoint });
  expect(await port.serverlessVersionOrderable("aurora-postgresql", "16.0")).toBe("missing");
});
