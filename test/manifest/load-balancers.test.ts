import { describe, expect, test } from "vitest";
import { manyServices } from "../fixtures/many-services.mjs";
import { lines, manifest, problems, WEB } from "./helpers.js";

const onLoadBalancer = (name: string) => WEB.replace("http: {}", `http: { loadBalancer: ${name} }`);

describe("http.loadBalancer", () => {
  test("a web service without loadBalancer is on the main load balancer", () => {
    expect(manifest(WEB).services.web?.http?.loadBalancer).toBe("main");
  });

  test("a web service names the additional load balancer that serves it", () => {
    expect(manifest(onLoadBalancer("api-2")).services.web?.http?.loadBalancer).toBe("api-2");
  });

  test("a load balancer name other than lowercase letters, digits and hyphens is refused at its line", () => {
    expect(lines(onLoadBalancer("Api_2"))).toEqual([
      'berth.yml:6:27: services.web.http.loadBalancer: "Api_2" is not valid: expected lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
    ]);
  });

  test("the 51st web service on the main load balancer is refused at its http: line", () => {
    const many = manyServices(102, { web: 51 });
    const [problem, ...others] = problems(many.text);
    expect(others).toEqual([]);
    expect(problem).toMatchObject({
      path: "services.web51.http",
      line: many.lineOf("web51") + 10,
      col: 5,
      message: expect.stringMatching(
        /^web51 is web service number 51 on the main load balancer, which serves at most 50/,
      ),
      hint: "put some web services on another load balancer: `loadBalancer: lb2` under their http:",
    });
  });

  test("two load balancer names with one CloudFormation id are refused at the second", () => {
    const text =
      "app: shop\nservices:\n  a: { image: x, port: 80, http: { loadBalancer: lb-2 } }\n  b: { image: x, port: 80, http: { path: /b, loadBalancer: lb2 } }\n";
    expect(lines(text)).toEqual([
      'berth.yml:4:60: services.b.http.loadBalancer: load balancers "lb2" and "lb-2" would share the CloudFormation id Lb2LoadBalancer',
    ]);
  });

  test("a service whose CloudFormation id is a load balancer's is refused", () => {
    const text = "app: shop\nservices:\n  api-load-balancer: { image: x, port: 80, http: { loadBalancer: api } }\n";
    expect(lines(text)).toEqual([
      expect.stringMatching(
        /load balancer "api" and service "api-load-balancer" would share the CloudFormation id ApiLoadBalancer/,
      ),
    ]);
  });

  test("fifty web services fit one load balancer", () => {
    expect(problems(manyServices(100, { web: 50 }).text)).toEqual([]);
  });

  test("web services past fifty are accepted on another load balancer", () => {
    const many = manyServices(120, { web: 80, loadBalancer: (n) => (n > 40 ? "api" : undefined) });
    expect(problems(many.text)).toEqual([]);
  });

  test("an additional load balancer is refused past fifty web services too, naming it", () => {
    const many = manyServices(120, { web: 60, loadBalancer: () => "api" });
    expect(lines(many.text)).toEqual([
      expect.stringContaining(
        `berth.yml:${many.lineOf("web51") + 10}:5: services.web51.http: web51 is web service number 51 on load balancer api`,
      ),
    ]);
  });

  test("an environment that moves services to another load balancer is checked with the move", () => {
    const base = manyServices(102, { web: 51 }).text;
    const moved = `${base}  split:\n    services:\n      web51: { http: { loadBalancer: second } }\n`;
    expect(problems(moved, { env: "split" })).toEqual([]);
    expect(problems(moved, { env: "production" })).toMatchObject([{ path: "services.web51.http", env: "production" }]);
  });
});
