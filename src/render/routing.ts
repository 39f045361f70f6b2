import type { Manifest, Service } from "../manifest/types.js";
import { ref } from "./template.js";

/**
 * Header that sends a request to the new version through the test listener rule. Its value
 * is a random secret of the environment (templates/load-balancer.yml, output
 * TestHeaderSecretArn), resolved by CloudFormation into the rule, so only who may read that
 * secret — berth's smoke checks — reaches a version before it is released. A source-IP
 * condition would not do: deploys come from laptops and CI runners with changing addresses.
 */
export const TEST_HEADER = "X-Berth-Test";
const stackUuid = { "Fn::Select": [2, { "Fn::Split": ["/", { Ref: "AWS::StackId" }] }] };
export const TEST_HEADER_SECRET_NAME = { "Fn::Sub": ["${AWS::StackName}-test-${Uuid}", { Uuid: stackUuid }] };
const TEST_HEADER_VALUE = {
  "Fn::Sub": ["{{resolve:secretsmanager:${AWS::StackName}-test-${Uuid}:SecretString}}", { Uuid: stackUuid }],
};

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
  const ordered = [...web].sort((x, y) => specificity(y) - specificity(x) || x.name.localeCompare(y.name));
  return ordered.map((service, i) => {
    const conditions = routeConditions(service);
    return {
      service,
      priority: 1000 + i * 10,
      testPriority: 1 + i,
      conditions,
      testConditions: [
        ...conditions,
        { Field: "http-header", HttpHeaderConfig: { HttpHeaderName: TEST_HEADER, Values: [TEST_HEADER_VALUE] } },
      ],
    };
  });
}

function specificity(s: Service): number {
  const path = s.http?.path ?? "";
  return (s.http?.host ? 10_000 : 0) + (path === "/" ? 0 : path.length);
}

function routeConditions(s: Service): unknown[] {
  const conditions: unknown[] = [];
  if (s.http?.host) conditions.push({ Field: "host-header", HostHeaderConfig: { Values: [s.http.host] } });
  const path = s.http?.path;
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
