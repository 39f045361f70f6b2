import { expect, test } from "vitest";
import { prepare } from "../../../src/deployers/release/prepare-release.js";
import { manifestOf, render } from "../../render/helpers.js";

const TEXT = `app: shop\nservices:\n  web: { image: nginx, port: 80, http: {} }\n`;

function fingerprint(text: string, change?: (definition: Record<string, unknown>) => void): string {
  const rendered = render(text);
  change?.(rendered.serviceDefinitions.web as unknown as Record<string, unknown>);
  // Every stack output the definitions name resolves to its own name: what matters is that they resolve.
  const names = JSON.stringify([rendered.taskDefinitions, rendered.serviceDefinitions]).matchAll(
    /\{\{stack:(\w+)\}\}/g,
  );
  const outputs = Object.fromEntries([...names].map(([, name]) => [name!, name!]));
  const values = { outputs, images: { web: "nginx@sha256:0" }, region: "eu-south-1", account: "1", partition: "aws" };
  const prepared = prepare(manifestOf(text).services.web!, rendered, values);
  if ("missing" in prepared) throw new Error(prepared.missing);
  return prepared.fingerprint;
}

test("exec off names the same release as before berth sent the field: an upgrade releases nothing", () => {
  const before = fingerprint(TEXT, (d) => delete d.enableExecuteCommand);
  expect(fingerprint(TEXT)).toBe(before);
});

test("turning exec on or off changes the fingerprint, so the service is released", () => {
  const off = fingerprint(TEXT);
  const on = fingerprint(`app: shop\nexec: true\nservices:\n  web: { image: nginx, port: 80, http: {} }\n`);
  expect(on).not.toBe(off);
});
