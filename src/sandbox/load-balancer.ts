import { resolveStandInReference } from "./stand-in-secrets.js";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer } from "node:net";
import type {
  Action,
  ElasticLoadBalancingV2Client,
  Rule,
  RuleCondition,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { clientConfig } from "../aws/settings.js";
import { selfSignedCertificate } from "./self-signed.js";
import type { DeploymentSimulator } from "./simulator/simulator.js";

const TLS_HANDSHAKE = 0x16;

interface Listening {
  address: string;
  close(): Promise<void>;
}

/** What a load balancer answers a request with. */
export interface LoadBalancerAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface SandboxLoadBalancers {
  /**
   * The loopback address (host:port) that answers for a load balancer's DNS name, or for
   * `DNS:PORT`, its listener on that port; its server starts on first use.
   */
  addressFor(dnsName: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * moto's load balancers have DNS names that resolve nowhere, and moto runs no targets. The
 * sandbox gives each load balancer an HTTP server on loopback that routes a request as the
 * ALB would — its listener's rules in priority order, their conditions (path, host, header)
 * and weighted forwards (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html)
 * — to a simulated task that answers as its version would. The port speaks HTTP and HTTPS
 * (with a certificate the sandbox made); with a certificate, the HTTPS listener's rules answer.
 */
export function sandboxLoadBalancers(options: {
  motoEndpoint: string;
  region: string;
  simulator: DeploymentSimulator;
}): SandboxLoadBalancers {
  const servers = new Map<string, Promise<Listening>>();
  let tls: { key: string; cert: string } | undefined;
  let client: ElasticLoadBalancingV2Client | undefined;
  const elb = async () => {
    const sdk = await import("@aws-sdk/client-elastic-load-balancing-v2");
    const config = clientConfig({ region: options.region, endpoint: options.motoEndpoint });
    client ??= new sdk.ElasticLoadBalancingV2Client({
      ...config,
      credentials: { accessKeyId: "sandbox", secretAccessKey: "sandbox" },
    });
    return { sdk, client };
  };
  const rulesOf = async (address: string): Promise<Rule[] | undefined> => {
    const [dnsName, port] = address.split(":");
    const { sdk, client } = await elb();
    const balancer = (await client.send(new sdk.DescribeLoadBalancersCommand({}))).LoadBalancers?.find(
      (b) => b.DNSName === dnsName,
    );
    if (!balancer) return undefined;
    const listeners =
      (await client.send(new sdk.DescribeListenersCommand({ LoadBalancerArn: balancer.LoadBalancerArn }))).Listeners ??
      [];
    const http = listeners.find((l) => l.Protocol === "HTTP");
    const https = listeners.find((l) => l.Protocol === "HTTPS");
    // An HTTP listener that redirects to HTTPS hands the request to the HTTPS listener's rules.
    const listener =
      port !== undefined
        ? listeners.find((l) => String(l.Port) === port)
        : https && (!http || http.DefaultActions?.some((a) => a.Type === "redirect"))
          ? https
          : http;
    if (!listener) return [];
    return (await client.send(new sdk.DescribeRulesCommand({ ListenerArn: listener.ListenerArn }))).Rules ?? [];
  };
  const answer = async (dnsName: string, request: IncomingMessage): Promise<LoadBalancerAnswer> => {
    const rules = await rulesOf(dnsName);
    if (!rules) return { status: 503, body: `berth sandbox: no load balancer ${dnsName} (was its stack deleted?)\n` };
    return routeRequest(rules, request, options.simulator);
  };
  return {
    addressFor(dnsName) {
      let started = servers.get(dnsName);
      if (!started) {
        tls ??= selfSignedCertificate("berth sandbox load balancer");
        started = listen((request) => answer(dnsName, request), tls);
        servers.set(dnsName, started);
      }
      return started.then((s) => s.address);
    },
    async close() {
      const all = await Promise.all(servers.values());
      await Promise.all(all.map((listening) => listening.close()));
      client?.destroy();
    },
  };
}

/** The first rule (by priority, the default last) whose conditions all match, and what its action answers. */
export function routeRequest(
  rules: Rule[],
  request: Pick<IncomingMessage, "headers" | "method" | "url">,
  simulator: DeploymentSimulator,
): LoadBalancerAnswer {
  const path = new URL(request.url ?? "/", "http://sandbox").pathname;
  const ordered = [...rules].sort((a, b) => priority(a) - priority(b));
  const rule = ordered.find((r) => (r.Conditions ?? []).every((c) => matches(c, path, request.headers)));
  const action = rule?.Actions?.find(
    (a) => a.Type === "forward" || a.Type === "fixed-response" || a.Type === "redirect",
  );
  if (!rule || !action) return { status: 404, body: "berth sandbox: no listener rule matches\n" };
  if (action.Type === "fixed-response") {
    const fixed = action.FixedResponseConfig;
    return {
      status: Number(fixed?.StatusCode ?? 200),
      headers: { "content-type": fixed?.ContentType ?? "text/plain" },
      body: fixed?.MessageBody ?? "",
    };
  }
  if (action.Type === "redirect")
    return { status: action.RedirectConfig?.StatusCode === "HTTP_302" ? 302 : 301, body: "" };
  const targetGroup = pickTargetGroup(action, rule.RuleArn ? simulator.listenerRuleWeights(rule.RuleArn) : undefined);
  const served = targetGroup ? simulator.serveRequest(targetGroup, request.method ?? "GET", path) : undefined;
  return served ?? { status: 503, body: "berth sandbox: no healthy target\n" };
}

function priority(rule: Rule): number {
  return rule.IsDefault || rule.Priority === "default" ? Number.MAX_SAFE_INTEGER : Number(rule.Priority ?? 0);
}

function matches(condition: RuleCondition, path: string, headers: IncomingMessage["headers"]): boolean {
  const header = (name: string) => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(",") : (value ?? "");
  };
  switch (condition.Field) {
    case "path-pattern":
      return (condition.PathPatternConfig?.Values ?? condition.Values ?? []).some((p) => wildcard(p, false).test(path));
    case "host-header":
      return (condition.HostHeaderConfig?.Values ?? condition.Values ?? []).some((p) =>
        wildcard(p, true).test(header("host").replace(/:\d+$/, "")),
      );
    case "http-header": {
      const config = condition.HttpHeaderConfig;
      const values = (config?.Values ?? []).map(resolveStandInReference);
      return values.some((p) => wildcard(p, true).test(header(config?.HttpHeaderName ?? "")));
    }
    default:
      // Conditions berth does not render (query string, source IP, method) never match in the sandbox.
      return false;
  }
}

/** ALB patterns: `*` any characters, `?` one; host and header values compare case-insensitively. */
function wildcard(pattern: string, ignoreCase: boolean): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "");
}

/** A target group by weight: the simulator's weights when it moves the rule, else the rule's own. */
function pickTargetGroup(action: Action, simulated: Record<string, number> | undefined): string | undefined {
  const weights =
    simulated ??
    Object.fromEntries((action.ForwardConfig?.TargetGroups ?? []).map((t) => [t.TargetGroupArn ?? "", t.Weight ?? 1]));
  if (Object.keys(weights).length === 0 && action.TargetGroupArn) return action.TargetGroupArn;
  const total = Object.values(weights).reduce((sum, w) => sum + w, 0);
  let draw = Math.random() * total;
  for (const [arn, weight] of Object.entries(weights)) {
    if (weight <= 0) continue;
    draw -= weight;
    if (draw < 0) return arn;
  }
  return undefined;
}

/**
 * One loopback port that speaks both HTTP and HTTPS, as a load balancer with both listeners
 * would: a connection whose first byte opens a TLS handshake (0x16) goes to the HTTPS server.
 */
function listen(
  handle: (request: IncomingMessage) => Promise<LoadBalancerAnswer>,
  tls: { key: string; cert: string },
): Promise<Listening> {
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    handle(request).then(
      (answer) => {
        response.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
        response.end(answer.body);
      },
      (error: unknown) => {
        response.writeHead(502, { "content-type": "text/plain" });
        response.end(`berth sandbox load balancer: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
  };
  const http = createHttpServer(onRequest);
  const https = createHttpsServer(tls, onRequest);
  const server = createNetServer((socket) => {
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? https : http).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
    socket.on("error", () => socket.destroy());
  });
  const close = () =>
    new Promise<void>((done) => {
      // The keep-alive connections the HTTP servers hold would keep the port open.
      http.closeAllConnections();
      https.closeAllConnections();
      server.close(() => done());
    });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ close, address: `127.0.0.1:${typeof address === "object" && address ? address.port : 0}` });
    });
  });
}
