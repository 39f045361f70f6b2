import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { beforeAll, describe, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { useSandbox } from "../helpers/sandbox.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const sandbox = useSandbox({ speed: 30 });
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
const client = () => ({ ...aws(), credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" } });
const file = join(mkdtempSync(join(tmpdir(), "berth-preview-base-")), "berth.yml");
writeFileSync(
  file,
  `app: quay\nservices:\n  web:\n    image: "${IMAGE}"\n    port: 80\n    http: {}\n    deploy: { bake: 0m }\n` +
    "environments:\n  preview: {}\n",
);
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });
const urls: Record<string, string> = {};
let vpcsBefore = 0;

const vpcCount = async () => (await new EC2Client(client()).send(new DescribeVpcsCommand({}))).Vpcs?.length ?? 0;
const loadBalancers = async () =>
  (await new ElasticLoadBalancingV2Client(client()).send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
const stack = async (name: string) => cloudFormationPort(aws()).describeStack(name);

/** What the preview's URL answers: the simulated task names its task definition, `…task-definition/<app>-<env>-<service>:<revision>`. */
async function served(url: string): Promise<string> {
  const response = await fetch(url);
  return `${response.status} ${await response.text()}`;
}

beforeAll(async () => {
  vpcsBefore = await vpcCount();
  for (const env of ["pr-1", "pr-2"]) {
    const run = await berth("deploy", "-e", env, "--yes", "--json");
    if (run.code !== 0) throw new Error(`deploy -e ${env} failed:\n${run.stderr}`);
    const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { url: string | null };
    urls[env] = result.url ?? "";
  }
}, 240_000);

describe("previews on one shared base", () => {
  test("two previews share one VPC and one load balancer, in the stack quay-previews", async () => {
    expect(await vpcCount()).toBe(vpcsBefore + 1);
    expect(await loadBalancers()).toHaveLength(1);
    expect((await stack("quay-previews"))?.tags).toMatchObject({ "berth:environment": "previews" });
    const own = await cloudFormationPort(aws()).describeStack("quay-pr-1");
    expect(own?.parameters?.Vpc).toMatch(/^vpc-/);
  });

  test("each preview answers at its own URL with its own tasks", async () => {
    expect(urls["pr-1"]).not.toEqual(urls["pr-2"]);
    expect(await served(urls["pr-1"]!)).toMatch(/^200 .*task-definition\/quay-pr-1-web:\d+ answered GET \//);
    expect(await served(urls["pr-2"]!)).toMatch(/^200 .*task-definition\/quay-pr-2-web:\d+ answered GET \//);
  });

  test("the base goes only once no preview is left, and the last preview's destroy leaves it", async () => {
    const refused = await berth("destroy", "--previews-base");
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("previews still run on quay-previews: pr-1, pr-2");

    expect((await berth("destroy", "-e", "pr-1", "--yes")).code).toBe(0);
    expect(await served(urls["pr-2"]!)).toMatch(/^200 .*task-definition\/quay-pr-2-web:\d+/);
    expect(await served(urls["pr-1"]!)).not.toMatch(/^200/);

    expect((await berth("destroy", "-e", "pr-2", "--yes")).code).toBe(0);
    expect(await stack("quay-previews")).toBeDefined();
    const removed = await berth("destroy", "--previews-base");
    expect(removed.code, removed.stderr).toBe(0);
    expect(await stack("quay-previews")).toBeUndefined();
    expect(await loadBalancers()).toHaveLength(0);
  }, 240_000);
});

describe("previews on a domain: host rules on the base's shared listener", () => {
  const domainFile = join(mkdtempSync(join(tmpdir(), "berth-preview-domain-")), "berth.yml");
  writeFileSync(
    domainFile,
    `app: dock\nservices:\n  web:\n    image: "${IMAGE}"\n    port: 80\n    http: {}\n    deploy: { bake: 0m }\n` +
      "environments:\n  preview: { domain: preview.example.com }\n",
  );
  const dock = (...args: string[]) => berthAsync([...args, "-f", domainFile], { ...sandbox().environment, CI: "true" });

  /** What the shared load balancer answers for a host: the URL's name resolves nowhere here, so the host goes in the header. */
  const servedFor = (address: string, host: string) =>
    new Promise<string>((done, fail) => {
      const [hostname, port] = address.split(":");
      request({ hostname, port: Number(port), path: "/", headers: { host } }, (response) => {
        let body = "";
        response.on("data", (c: Buffer) => (body += c.toString("utf8")));
        response.on("end", () => done(`${response.statusCode} ${body}`));
      })
        .on("error", fail)
        .end();
    });

  test("two previews answer at pr-1.<domain> and pr-2.<domain> on one listener, each with its own tasks", async () => {
    const printed: Record<string, string | null> = {};
    for (const env of ["pr-1", "pr-2"]) {
      const run = await dock("deploy", "-e", env, "--yes", "--json");
      expect(run.code, run.stderr).toBe(0);
      printed[env] = (JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { url: string | null }).url;
    }
    expect(printed).toEqual({ "pr-1": "http://pr-1.preview.example.com", "pr-2": "http://pr-2.preview.example.com" });
    const address = (await stack("dock-pr-1"))!.outputs!.LoadBalancerDns!;
    expect((await stack("dock-pr-2"))!.outputs!.LoadBalancerDns).toBe(address);
    expect(await servedFor(address, "pr-1.preview.example.com")).toMatch(/^200 .*task-definition\/dock-pr-1-web:\d+/);
    expect(await servedFor(address, "pr-2.preview.example.com")).toMatch(/^200 .*task-definition\/dock-pr-2-web:\d+/);
    expect(await servedFor(address, "pr-3.preview.example.com")).toMatch(/^404 /);
  }, 240_000);

  test("a preview whose band would take another's priorities (it gained a web service) is refused before any change", async () => {
    const twoWebFile = join(mkdtempSync(join(tmpdir(), "berth-preview-domain-")), "berth.yml");
    // With two web services pr-1's band is 5–8, where pr-2 (one web service) holds 5 and 6.
    writeFileSync(
      twoWebFile,
      readFileSync(domainFile, "utf8").replace(
        "services:\n",
        `services:\n  api:\n    image: "${IMAGE}"\n    port: 80\n    http: { path: /api }\n`,
      ),
    );
    const run = await berthAsync(["deploy", "-e", "pr-1", "--yes", "-f", twoWebFile], {
      ...sandbox().environment,
      CI: "true",
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(
      "pr-1's rules would take priorities 5–8 on the previews' shared listener, and pr-2's rules hold 5, 6",
    );
    expect(run.stderr).toContain("berth destroy -e pr-2 --yes, then deploy pr-1 again");
    // Nothing changed: no stack for the new service, and pr-1 still answers as before.
    expect(await stack("dock-pr-1-api")).toBeUndefined();
    const address = (await stack("dock-pr-1"))!.outputs!.LoadBalancerDns!;
    expect(await servedFor(address, "pr-1.preview.example.com")).toMatch(/^200 .*task-definition\/dock-pr-1-web:1 /);
  }, 240_000);
});
