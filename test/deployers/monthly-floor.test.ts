import { describe, expect, test } from "vitest";
import { readmeFloor } from "../../src/deployers/previews/monthly-floor.js";
import { manifestOf } from "../render/helpers.js";
import { renderApplication } from "../../src/render/render.js";

// The manifest `berth init` writes: one web service with berth's defaults.
const INIT = "app: shop\nservices:\n  web: { image: nginx:1.27, port: 80, http: {} }\n";

function floor(text: string, env?: string) {
  const m = manifestOf(text, env ? { env } : {});
  const rendered = renderApplication(m);
  if (!rendered.ok) throw new Error("render failed");
  return readmeFloor(m, rendered.rendered);
}

describe("the monthly floor of the README's table", () => {
  test("the manifest berth init writes costs $78.45, line by line as the table has it", () => {
    const estimate = floor(INIT);
    expect(estimate.items).toEqual([
      { item: "web: 2 Fargate task(s)", perMonth: 18.02 },
      { item: "1 load balancer(s)", perMonth: 16.43 },
      { item: "their 2 public IPv4 address(es)", perMonth: 7.3 },
      { item: "1 NAT gateway(s) and Elastic IP(s)", perMonth: 36.5 },
      { item: "2 CloudWatch alarm(s)", perMonth: 0.2 },
    ]);
    expect(estimate.perMonth).toBe(78.45);
  });

  test("a preview without a NAT gateway, one task: $36.59, as the README says", () => {
    const preview = `${INIT}environments:\n  preview: { network: { nat: none } }\n`;
    expect(floor(preview, "pr-1").perMonth).toBe(36.59);
  });
});
