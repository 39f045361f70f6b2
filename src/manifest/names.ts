/** CloudFormation logical ids from manifest names: `api-v2` → `ApiV2`. */
export function logicalId(name: string): string {
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** The environment stack: one per environment, `app-env`. */
export function stackName(app: string, environment: string): string {
  return `${app}-${environment}`;
}

/** A service's own stack, beside its environment's: `app-env-service`. */
export function serviceStackName(app: string, environment: string, service: string): string {
  return `${app}-${environment}-${service}`;
}

/**
 * The environment's dashboard stack, `app-env--dashboard`: no service stack can have this name,
 * as a service name never starts with a hyphen (src/render/dashboard.ts).
 */
export function dashboardStackName(app: string, environment: string): string {
  return `${app}-${environment}--dashboard`;
}

/**
 * A service's log group, `/berth/<app>/<env>/<service>`: unlike the single-stack layout's
 * `/berth/<app>-<env>/<service>`, so both exist side by side while an environment is upgraded
 * (docs/architecture.md, "Upgrading from the single-stack layout").
 */
export function serviceLogGroupName(app: string, environment: string, service: string): string {
  return `/berth/${app}/${environment}/${service}`;
}

/** A service's alarm, `<app>-<env>-<service>/<alarm>`: unlike the single-stack layout's `-<alarm>` (see above). */
export function serviceAlarmName(app: string, environment: string, service: string, alarm: string): string {
  return `${serviceStackName(app, environment, service)}/${alarm}`;
}

/** The IAM path of a service's task role: what the environment's file-system policies allow. */
export function taskRolePath(app: string, environment: string, service: string): string {
  return `/berth/${app}/${environment}/${service}/`;
}

/** The app stack: shared by every environment (image repositories). */
export function appStackName(app: string): string {
  return `${app}-app`;
}

/** The task definition family of a service: its revisions are the releases berth registered. */
export function taskFamily(stack: string, service: string): string {
  return `${stack}-${service}`;
}

/** The alarm that wakes a queue worker scaled to zero (created with its scaling, not by the stack). */
export function wakeAlarmName(cluster: string, service: string): string {
  return `${cluster}-${service}-wake`;
}

/** Application Auto Scaling's id of an ECS service. */
export function scalingResourceId(cluster: string, service: string): string {
  return `service/${cluster}/${service}`;
}

/** Environment variable names for injected settings: `uploads` → `UPLOADS`. */
export function envName(name: string): string {
  return name.toUpperCase().replace(/-/g, "_");
}

/**
 * The Secrets Manager secret, written by push, that ECS pulls an app's images from another
 * registry with: `berth/<app>/registry/<host>`, in the characters secret names allow.
 */
export function pullSecretName(app: string, host: string): string {
  return `berth/${app}/registry/${host.replace(/[^A-Za-z0-9/_+=.@-]/g, "-")}`;
}

/**
 * The tag prefix of released images: the repositories' lifecycle policy keeps every image
 * with it (see src/images/release-tags.ts, which tags them), so a release's digest never expires.
 */
export const RELEASE_TAG_PREFIX = "berth-";

/** The app's DynamoDB table, in the app stack: every environment's deploy lock and release history. */
export function berthTableName(app: string): string {
  return `${app}-berth`;
}

/** The environment's own load balancer: a web service without `http.loadBalancer` is on it. */
export const MAIN_LOAD_BALANCER = "main";

/**
 * The logical ids and outputs of a load balancer in the environment stack. The main one keeps
 * the ids it always had (`LoadBalancer`, `HttpListener`, output `LoadBalancerDns`); another,
 * named by `http.loadBalancer`, has them prefixed with its id: `api` → `ApiLoadBalancer`,
 * `ApiHttpListener`, output `ApiLoadBalancerDns`.
 */
export function loadBalancerIds(name: string) {
  const prefix = name === MAIN_LOAD_BALANCER ? "" : logicalId(name);
  return {
    prefix,
    loadBalancer: `${prefix}LoadBalancer`,
    securityGroup: `${prefix}LoadBalancerSecurityGroup`,
    httpListener: `${prefix}HttpListener`,
    httpsListener: `${prefix}HttpsListener`,
    /** The output holding its DNS name: where berth sends a service's smoke checks and shows the URL. */
    dnsOutput: `${prefix}LoadBalancerDns`,
    arnOutput: `${prefix}LoadBalancerArn`,
  };
}

/** The load balancer that serves a service (the main one for a service without http), by its ids and outputs. */
export function servingLoadBalancer(s: { http?: { loadBalancer: string } }) {
  return loadBalancerIds(s.http?.loadBalancer ?? MAIN_LOAD_BALANCER);
}
