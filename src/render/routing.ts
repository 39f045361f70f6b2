import type { Manifest, Service } from "../manifest/types.js";
import { onPreviewDomain, previewHost, previewRulePriorities } from "./preview-routing.js";
import { sha256 } from "./sha256.js";
import { ref } from "./template.js";

/**
 * Header that sends a request to the new version through the test listener rule. The template
 * resolves a random secret of the environment into the rule (output TestHeaderSecretArn); each
 * release then puts a value of its own there (docs/architecture.md, "The test header"), so a
 * value learned earlier reaches nothing of it. A source-IP condition would not do: deploys come
 * from laptops and CI runners with changing addresses.
 */
export const TEST_HEADER = "X-Berth-Test";
/** The stack id's UUID: names with it are new when a stack is re-created (deleted secrets keep their names for days). */
export const stackUuid = { "Fn::Select": [2, { "Fn::Split": ["/", { Ref: "AWS::StackId" }] }] };
export const TEST_HEADER_SECRET_NAME = { "Fn::Sub": ["${AWS::StackName}-test-${Uuid}", { Uuid: stackUuid }] };
// By the secret's ARN (its Ref), which a service stack receives as a parameter; the reference
// also orders the rule after the secret.
const TEST_HEADER_VALUE = { "Fn::Sub": "{{resolve:secretsmanager:${TestHeaderSecret}:SecretString}}" };

/** Live target group weights, read back from AWS so an infrastructure update keeps them. */
export interface RuleWeights {
  a: number;
  b: number;
}

export interface ServiceTraffic {
  production: RuleWeights;
  test: RuleWeights;
}

export type LiveTraffic = Record<string, ServiceTraffic>;

export const INITIAL_WEIGHTS: RuleWeights = { a: 100, b: 0 };

export interface Route {
  service: Service;
  priority: number;
  testPriority: number;
  conditions: unknown[];
  testConditions: unknown[];
}

/**
 * Listener rules for every web service, most specific first: a host and path beats a
 * host, which beats a path, and longer paths beat shorter ones. Test rules come before
 * all production rules so the header always reaches the new version.
 */
export function routes(m: Manifest): Route[] {
  const web = Object.values(m.services).filter((s) => s.http);
  let priorities = listenerRulePriorities(web.map((s) => ({ name: s.name, host: s.http?.host, path: s.http?.path })));
  // Previews on the base's shared listeners: a band per preview, a host per preview (src/render/preview-routing.ts).
  const domain = onPreviewDomain(m) ? m : undefined;
  if (domain) {
    const ordered = [...priorities].sort(([, a], [, b]) => a.priority - b.priority).map(([name]) => name);
    priorities = previewRulePriorities(domain, ordered);
  }
  return web.map((service) => {
    const host = domain ? previewHost(domain, service) : service.http?.host;
    const conditions = routeConditions(host, service.http?.path);
    const { priority, testPriority } = priorities.get(service.name)!;
    return {
      service,
      priority,
      testPriority,
      conditions,
      testConditions: [
        ...conditions,
        { Field: "http-header", HttpHeaderConfig: { HttpHeaderName: TEST_HEADER, Values: [TEST_HEADER_VALUE] } },
      ],
    };
  });
}

/** What a web service's listener-rule priorities depend on: nothing but itself. */
export interface RuleSubject {
  name: string;
  host?: string;
  path?: string;
}

// Service stacks update in parallel, and ELB rejects a priority another rule holds, so a
// service's priorities never depend on the other services: a band per specificity (host or
// not, then path length, longer first; lengths from MAX_PATH_LEVEL up share the last band)
// and a slot in it from a hash of the name. Two names hashing to one slot are resolved in
// name order (the later takes the next free slot): the one case where adding a service can
// move another, made rare by the width of the bands. Test rules take 2000–25999, production
// rules 26000–49999: test before every production rule, and both disjoint from the
// single-stack layout's 1–100 and 1000–1990, so the two layouts coexist during an upgrade.
// ALB priorities go up to 50000 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html).
const MAX_PATH_LEVEL = 40;
const BANDS = 2 * (MAX_PATH_LEVEL + 1);
const TEST_BASE = 2000;
const PRODUCTION_BASE = 26_000;
export const SLOTS_PER_BAND = Math.floor((PRODUCTION_BASE - TEST_BASE) / BANDS);

/** Each service's production and test rule priorities, stable as other services come and go. */
export function listenerRulePriorities(
  services: RuleSubject[],
): Map<string, { priority: number; testPriority: number }> {
  const taken = new Set<number>();
  const result = new Map<string, { priority: number; testPriority: number }>();
  for (const s of [...services].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))) {
    const bandStart = band(s) * SLOTS_PER_BAND;
    let slot = sha256(s.name).readUInt32BE(0) % SLOTS_PER_BAND;
    for (let tries = 0; taken.has(bandStart + slot) && tries < SLOTS_PER_BAND; tries++)
      slot = (slot + 1) % SLOTS_PER_BAND;
    taken.add(bandStart + slot);
    result.set(s.name, { priority: PRODUCTION_BASE + bandStart + slot, testPriority: TEST_BASE + bandStart + slot });
  }
  return result;
}

/** 0 for the most specific rules (a host and the longest paths), BANDS - 1 for a bare `/`. */
function band(s: RuleSubject): number {
  const path = s.path ?? "";
  const length = Math.min(path === "/" ? 0 : path.length, MAX_PATH_LEVEL);
  return (s.host ? 0 : MAX_PATH_LEVEL + 1) + (MAX_PATH_LEVEL - length);
}

function routeConditions(host: string | undefined, path: string | undefined): unknown[] {
  const conditions: unknown[] = [];
  if (host) conditions.push({ Field: "host-header", HostHeaderConfig: { Values: [host] } });
  if (path !== undefined) conditions.push({ Field: "path-pattern", PathPatternConfig: { Values: pathPatterns(path) } });
  return conditions;
}

/** `/` matches everything; `/api` matches `/api` and below; a pattern with `*` is kept. */
function pathPatterns(path: string): string[] {
  if (path === "/") return ["/*"];
  if (path.includes("*")) return [path];
  const base = path.replace(/\/$/, "");
  return [base, `${base}/*`];
}

export function forwardActions(id: string, weights: RuleWeights): unknown[] {
  return [
    {
      Type: "forward",
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: ref(`${id}TargetGroupA`), Weight: weights.a },
          { TargetGroupArn: ref(`${id}TargetGroupB`), Weight: weights.b },
        ],
      },
    },
  ];
}
