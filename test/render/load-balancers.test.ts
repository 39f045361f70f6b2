import { describe, expect, test } from "vitest";
import { render } from "./helpers.js";

const TWO = `app: shop
region: eu-west-1
accessLogs: true
services:
  web: { image: nginx:1, port: 80, http: {} }
  api: { image: nginx:1, port: 8080, http: { path: /v1, loadBalancer: public-api }, count: { min: 1, max: 4, requests: 100 } }
  worker: { image: nginx:1 }
`;
const WITH_CERTIFICATE = `${TWO}certificate: arn:aws:acm:eu-west-1:210987654321:certificate/abc-123\n`;

type Resource = { Type: string; DependsOn?: unknown; Properties: Record<string, unknown> };
const resourcesOf = (template: { Resources: Record<string, unknown> }) =>
  template.Resources as Record<string, Resource>;

describe("additional load balancers", () => {
  test("each load balancer has its own security group, listener and outputs; the main one keeps its ids", () => {
    const { template } = render(TWO);
    const types = Object.fromEntries(Object.entries(resourcesOf(template)).map(([id, r]) => [id, r.Type]));
    expect(types).toMatchObject({
      LoadBalancer: "AWS::ElasticLoadBalancingV2::LoadBalancer",
      LoadBalancerSecurityGroup: "AWS::EC2::SecurityGroup",
      HttpListener: "AWS::ElasticLoadBalancingV2::Listener",
      PublicApiLoadBalancer: "AWS::ElasticLoadBalancingV2::LoadBalancer",
      PublicApiLoadBalancerSecurityGroup: "AWS::EC2::SecurityGroup",
      PublicApiHttpListener: "AWS::ElasticLoadBalancingV2::Listener",
    });
    const api = resourcesOf(template).PublicApiLoadBalancer!;
    expect(api.Properties.SecurityGroups).toEqual([{ Ref: "PublicApiLoadBalancerSecurityGroup" }]);
    expect(resourcesOf(template).PublicApiHttpListener!.Properties.LoadBalancerArn).toEqual({
      Ref: "PublicApiLoadBalancer",
    });
    expect(resourcesOf(template).LoadBalancerSecurityGroup!.Properties.GroupDescription).toBe(
      "shop-default load balancer: HTTP and HTTPS from the internet",
    );
    expect(template.Outputs).toMatchObject({
      LoadBalancerDns: { Value: { "Fn::GetAtt": ["LoadBalancer", "DNSName"] } },
      LoadBalancerArn: { Value: { Ref: "LoadBalancer" } },
      PublicApiLoadBalancerDns: { Value: { "Fn::GetAtt": ["PublicApiLoadBalancer", "DNSName"] } },
      PublicApiLoadBalancerArn: { Value: { Ref: "PublicApiLoadBalancer" } },
    });
  });

  test("the environment keeps one test-header secret, one infrastructure role and one access log bucket", () => {
    const resources = resourcesOf(render(TWO).template);
    const count = (type: string) => Object.values(resources).filter((r) => r.Type === type).length;
    expect(count("AWS::SecretsManager::Secret")).toBe(1);
    expect(count("AWS::S3::Bucket")).toBe(1);
    expect(Object.keys(resources).filter((id) => id.endsWith("InfrastructureRole"))).toEqual(["InfrastructureRole"]);
    for (const id of ["LoadBalancer", "PublicApiLoadBalancer"]) {
      expect(resources[id]!.DependsOn).toBe("AccessLogsBucketPolicy");
      expect(resources[id]!.Properties.LoadBalancerAttributes).toContainEqual({
        Key: "access_logs.s3.bucket",
        Value: { Ref: "AccessLogsBucket" },
      });
    }
  });

  test("with a certificate each load balancer has an HTTPS listener, and its HTTP listener redirects", () => {
    const resources = resourcesOf(render(WITH_CERTIFICATE).template);
    for (const prefix of ["", "PublicApi"]) {
      expect(resources[`${prefix}HttpsListener`]!.Properties).toMatchObject({
        LoadBalancerArn: { Ref: `${prefix}LoadBalancer` },
        Protocol: "HTTPS",
        Certificates: [{ CertificateArn: "arn:aws:acm:eu-west-1:210987654321:certificate/abc-123" }],
      });
      expect(resources[`${prefix}HttpListener`]!.Properties.DefaultActions).toEqual([
        { Type: "redirect", RedirectConfig: { Protocol: "HTTPS", Port: "443", StatusCode: "HTTP_301" } },
      ]);
    }
  });

  test("a service's listener rules attach to its own load balancer's listener", () => {
    const { services } = render(WITH_CERTIFICATE);
    const listeners = (service: string) =>
      ["ListenerRule", "TestListenerRule"].map(
        (rule) =>
          resourcesOf(services[service]!)[`${service === "api" ? "Api" : "Web"}${rule}`]!.Properties.ListenerArn,
      );
    expect(listeners("web")).toEqual([{ Ref: "HttpsListener" }, { Ref: "HttpsListener" }]);
    expect(listeners("api")).toEqual([{ Ref: "PublicApiHttpsListener" }, { Ref: "PublicApiHttpsListener" }]);
    expect(Object.keys(services.api!.Parameters ?? {})).toContain("PublicApiHttpsListener");
    expect(Object.keys(services.api!.Parameters ?? {})).not.toContain("HttpsListener");
  });

  test("a service's ingress and the load balancer's egress use its own load balancer's security group", () => {
    const api = resourcesOf(render(TWO).services.api!);
    expect(api.ApiIngressFromLoadBalancer!.Properties.SourceSecurityGroupId).toEqual({
      Ref: "PublicApiLoadBalancerSecurityGroupGroupId",
    });
    expect(api.PublicApiLoadBalancerEgressToApi!.Properties.GroupId).toEqual({
      Ref: "PublicApiLoadBalancerSecurityGroupGroupId",
    });
    const web = resourcesOf(render(TWO).services.web!);
    expect(web.LoadBalancerEgressToWeb!.Properties.GroupId).toEqual({ Ref: "LoadBalancerSecurityGroupGroupId" });
  });

  test("a service's alarms and request scaling measure its own load balancer", () => {
    const rendered = render(TWO);
    const alarm = resourcesOf(rendered.services.api!).ApiErrorRateAlarm!;
    expect(JSON.stringify(alarm.Properties.Metrics)).toContain(
      '{"Name":"LoadBalancer","Value":{"Ref":"PublicApiLoadBalancerLoadBalancerFullName"}}',
    );
    expect(rendered.template.Outputs.PublicApiLoadBalancerLoadBalancerFullName).toEqual({
      Value: { "Fn::GetAtt": ["PublicApiLoadBalancer", "LoadBalancerFullName"] },
    });
    const scaling = JSON.stringify(rendered.serviceDefinitions.api);
    expect(scaling).toContain("{{stack:PublicApiLoadBalancerFullName}}");
    expect(scaling).not.toContain("{{stack:LoadBalancerFullName}}");
  });

  test("an environment whose web services are all on another load balancer renders no main one", () => {
    const { template } = render(TWO.replace("http: {} }", "http: { loadBalancer: public-api, host: a.example.com } }"));
    expect(template.Resources.LoadBalancer).toBeUndefined();
    expect(template.Resources.PublicApiLoadBalancer).toBeDefined();
    expect(template.Resources.TestHeaderSecret).toBeDefined();
  });
});
