import { describe, expect, test } from "vitest";
import { environmentAddresses, environmentUrl } from "../../src/deployers/environment-url.js";
import { formatAddresses } from "../../src/ui/addresses.js";
import { manifestOf } from "../render/helpers.js";

const outputs = { LoadBalancerDns: "shop-LoadB-1.eu-west-1.elb.amazonaws.com" };

describe("the environment's URL", () => {
  test("is the load balancer's DNS name over http without a certificate", () => {
    expect(
      environmentUrl(manifestOf("app: shop\nservices: { web: { image: x, port: 80, http: {} } }\n"), outputs),
    ).toBe("http://shop-loadb-1.eu-west-1.elb.amazonaws.com");
  });

  test("is the web service's host over https with a certificate, with its path", () => {
    const m = manifestOf(
      "app: shop\ncertificate: arn:aws:acm:eu-west-1:210987654321:certificate/4b8e6f2a-93c1\nservices: { api: { image: x, port: 80, http: { host: api.example.com, path: /v1/* } } }\n",
    );
    expect(environmentUrl(m, outputs)).toBe("https://api.example.com/v1");
  });

  test("is the DNS name of the load balancer that serves the first web service", () => {
    const m = manifestOf("app: shop\nservices: { api: { image: x, port: 80, http: { loadBalancer: public-api } } }\n");
    expect(environmentUrl(m, { ...outputs, PublicApiLoadBalancerDns: "shop-PublicApi-2.elb.amazonaws.com" })).toBe(
      "http://shop-publicapi-2.elb.amazonaws.com",
    );
  });

  test("is undefined for an environment without a web service", () => {
    expect(environmentUrl(manifestOf("app: shop\nservices: { worker: { image: x } }\n"), {})).toBeUndefined();
  });
});

describe("the environment's addresses", () => {
  const twoBalancers = manifestOf(
    "app: shop\nservices:\n  web: { image: x, port: 80, http: {} }\n  api: { image: x, port: 80, http: { path: /api/* } }\n" +
      "  admin: { image: x, port: 80, http: { loadBalancer: internal } }\n  worker: { image: x }\n",
  );
  const dns = { ...outputs, InternalLoadBalancerDns: "shop-Internal-3.elb.amazonaws.com" };

  test("group the web services by the host that answers for them, each at its first service's URL", () => {
    expect(environmentAddresses(twoBalancers, dns)).toEqual([
      { url: "http://shop-loadb-1.eu-west-1.elb.amazonaws.com", services: ["web", "api"] },
      { url: "http://shop-internal-3.elb.amazonaws.com", services: ["admin"] },
    ]);
  });

  test("print each address with its services when there are several", () => {
    expect(formatAddresses(environmentAddresses(twoBalancers, dns))).toBe(
      "http://shop-loadb-1.eu-west-1.elb.amazonaws.com (web, api), http://shop-internal-3.elb.amazonaws.com (admin)",
    );
  });

  test("print the one URL alone when every web service answers at one host", () => {
    const m = manifestOf(
      "app: shop\nservices:\n  web: { image: x, port: 80, http: {} }\n  api: { image: x, port: 80, http: { path: /api/* } }\n",
    );
    expect(formatAddresses(environmentAddresses(m, outputs))).toBe(environmentUrl(m, outputs));
  });

  test("separate services routed by hosts of their own on one load balancer", () => {
    const m = manifestOf(
      "app: shop\nservices:\n  web: { image: x, port: 80, http: { host: shop.example.com } }\n" +
        "  api: { image: x, port: 80, http: { host: api.example.com } }\n",
    );
    expect(formatAddresses(environmentAddresses(m, outputs))).toBe(
      "http://shop.example.com (web), http://api.example.com (api)",
    );
  });
});
