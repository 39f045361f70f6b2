import { describe, expect, test } from "vitest";
import { checkNewVersion, type CheckPorts } from "../../src/deployers/release/check-new-version.js";
import type { ReleasePort } from "../../src/deployers/release/release-port.js";
import { manifestOf } from "../render/helpers.js";

const m = manifestOf(
  "app: shop\nservices:\n  web: { image: x, port: 80, http: {}, deploy: { smoke: [{ path: /healthz }] } }\n",
);
const outputs = {
  WebTestListenerRule: "rule/test",
  LoadBalancerDns: "shop.elb.example",
};

function ports(sent: Record<string, string>[], testHeader?: CheckPorts["testHeader"]): CheckPorts {
  return {
    release: { targetHealth: async () => ({ healthy: 2, unhealthy: 0, reasons: [] }) } as unknown as ReleasePort,
    rules: { describeRuleWeights: async () => ({ "rule/test": [{ targetGroupArn: "tg/b", weight: 100 }] }) },
    smoke: {
      get: async (_url, headers) => {
        sent.push(headers);
        return { status: 200, body: "ok" };
      },
    },
    ...(testHeader ? { testHeader } : {}),
  };
}

describe("smoke checks reach the new version with this run's value of the test header", () => {
  test("the X-Berth-Test value is the one this run set in the service's test rule", async () => {
    const sent: Record<string, string>[] = [];
    const problem = await checkNewVersion(
      m,
      m.services.web!,
      outputs,
      ports(sent, async (rule) => (rule === "rule/test" ? "s3cr3tvalue" : "wrong")),
    );
    expect(problem).toBeUndefined();
    expect(sent).toEqual([{ "X-Berth-Test": "s3cr3tvalue" }]);
  });

  test("a service on another load balancer is checked through that load balancer's DNS name", async () => {
    const other = manifestOf(
      "app: shop\nservices:\n  api: { image: x, port: 80, http: { loadBalancer: public-api }, deploy: { smoke: [{ path: /healthz }] } }\n",
    );
    const urls: string[] = [];
    const checked = ports([], async () => "s3cr3tvalue");
    checked.smoke.get = async (url) => {
      urls.push(url);
      return { status: 200, body: "ok" };
    };
    const apiOutputs = {
      ...outputs,
      ApiTestListenerRule: "rule/test",
      PublicApiLoadBalancerDns: "shop-api.elb.example",
    };
    expect(await checkNewVersion(other, other.services.api!, apiOutputs, checked)).toBeUndefined();
    expect(urls).toEqual(["http://shop-api.elb.example/healthz"]);
  });

  test("without a way to set the value the check fails rather than guess one", async () => {
    const sent: Record<string, string>[] = [];
    expect(await checkNewVersion(m, m.services.web!, outputs, ports(sent))).toBe(
      "berth cannot set the test header for the smoke checks of web",
    );
    expect(sent).toEqual([]);
  });
});
