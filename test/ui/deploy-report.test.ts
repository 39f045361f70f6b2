import { expect, test } from "vitest";
import type { EnvironmentOutcome } from "../../src/deployers/deploy-environment.js";
import { reportEnvironmentOutcome } from "../../src/ui/deploy-report.js";
import type { Output } from "../../src/ui/output.js";
import { manifestOf } from "../render/helpers.js";

const shop = manifestOf(
  "app: shop\nservices:\n  web: { image: nginx, port: 80, http: {} }\n  worker: { image: nginx }\n",
);

function lastLine(outcome: EnvironmentOutcome): string {
  const printed: string[] = [];
  const out: Output = {
    json: false,
    github: false,
    color: false,
    line: (t) => void printed.push(t),
    note: (t) => void printed.push(t),
  };
  expect(reportEnvironmentOutcome(outcome, shop, 1_000, out, "berth deploy")).toBe(1);
  return printed.at(-1)!;
}

test("a failed deploy in which no service was released says production keeps serving what it served", () => {
  const releases = [
    { service: "web", result: "rolled-back", reason: "crash" },
    { service: "worker", result: "unchanged" },
  ];
  expect(lastLine({ ok: false, stacks: [], releases } as EnvironmentOutcome)).toBe(
    "failed shop default: see above; production keeps serving what it served before",
  );
});

test("a failed deploy that released one service while another rolled back says which one now serves the new version", () => {
  const releases = [
    { service: "web", result: "rolled-back", reason: "crash" },
    { service: "worker", result: "released" },
  ];
  expect(lastLine({ ok: false, stacks: [], releases } as EnvironmentOutcome)).toBe(
    "failed shop default: see above; worker released and now serving the new version; the other services keep serving what they served before",
  );
});
