import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { expect, test } from "vitest";
import { preflightPort } from "../../src/aws/preflight-port.js";
import { useMotoServer } from "../helpers/moto-server.js";

const moto = useMotoServer();

test("against moto's Parameter Store, GetParameters tells the parameters there from those missing", async () => {
  const ssm = new SSMClient(moto.settings());
  const names = Array.from({ length: 12 }, (_, i) => `/shop/staging/web${i}/token`);
  for (const Name of names.filter((_, i) => i !== 3 && i !== 11))
    await ssm.send(new PutParameterCommand({ Name, Value: "secret", Type: "SecureString" }));
  const port = preflightPort(moto.settings());
  const found = await Promise.all(names.map((name) => port.secretExists({ kind: "ssm", name })));
  expect(found.map((f, i) => (f === "exists" ? "" : `${i} ${String(f)}`)).filter(Boolean)).toEqual([
    "3 missing",
    "11 missing",
  ]);
});
