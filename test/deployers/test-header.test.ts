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

describe("with a certificate, the smoke checks name what the load balancer's certificate must hold", () => {
  const CERT = "arn:aws:acm:eu-west-1:210987654321:certificate/abc";
  const secure = (http: string) =>
    manifestOf(
      `app: shop\ncertificate: ${CERT}\nservices:\n  web: { image: x, port: 80, http: ${http}, deploy: { smoke: [{ path: /healthz }] } }\n`,
    );

  function names(certificateName?: CheckPorts["certificateName"]) {
    const asked: { serverName: string | undefined; host: string | undefined }[] = [];
    const checked = ports([], async () => "s3cr3tvalue");
    checked.smoke.get = async (_url, headers, serverName) => {
      asked.push({ serverName, host: headers.host });
      return { status: 200, body: "ok" };
    };
    return { asked, checked: { ...checked, ...(certificateName ? { certificateName } : {}) } };
  }

  test("a service's own host, sent as the Host header too", async () => {
    const m = secure("{ host: api.shop.example }");
    const { asked, checked } = names();
    expect(await checkNewVersion(m, m.services.web!, outputs, checked)).toBeUndefined();
    expect(asked).toEqual([{ serverName: "api.shop.example", host: "api.shop.example" }]);
  });

  test("without a host, the certificate's domain name; a wildcard's with a label of berth's", async () => {
    const m = secure("{}");
    const { asked, checked } = names(async (arn) => (arn === CERT ? "*.shop.example" : undefined));
    expect(await checkNewVersion(m, m.services.web!, outputs, checked)).toBeUndefined();
    expect(asked).toEqual([{ serverName: "berth-smoke.shop.example", host: "berth-smoke.shop.example" }]);
  });

  test("no name to check the certificate against: no smoke check, and so no header, is sent", async () => {
    const m = secure("{}");
    const { asked, checked } = names();
    expect(await checkNewVersion(m, m.services.web!, outputs, checked)).toMatch(/cannot tell which name/);
    expect(asked).toEqual([]);
  });
});
