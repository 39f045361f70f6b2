import { backingKind, type BackingKind } from "./compose-backing.js";
import type { ComposeService } from "./compose-read.js";
import { mentionsHost, type Roles } from "./compose-env.js";
import { environmentEntries } from "./compose-values.js";

/** Names that say a built service is a reverse proxy in front of the app. */
const PROXY_NAME = /^(proxy|nginx|reverse-proxy|traefik|caddy|haproxy|web-proxy)$/;

export interface Classified {
  roles: Roles;
  kinds: Map<string, BackingKind>;
  /** The Redis or RabbitMQ service Celery uses as its broker, if any. */
  broker?: string;
  /** Services running Celery (worker, beat), by name. */
  celery: Set<string>;
  /** A reverse proxy's name → the app service it fronts. */
  proxied: Map<string, string>;
}

function commandText(service: ComposeService): string {
  const command = service.command;
  return Array.isArray(command) ? command.join(" ") : typeof command === "string" ? command : "";
}

function dependsOn(service: ComposeService): string[] {
  const d = service.depends_on;
  return Array.isArray(d) ? d.map(String) : d && typeof d === "object" ? Object.keys(d) : [];
}

/**
 * What each service is: the app's own (built, or an image berth does not know), a database,
 * a broker, a cache, another data store, or a reverse proxy the load balancer replaces. A
 * Redis or RabbitMQ is Celery's broker when a service that runs `celery` depends on it or
 * names its host; otherwise Redis is taken for a cache.
 */
export function classify(services: Record<string, ComposeService>): Classified {
  const roles: Roles = new Map();
  const kinds = new Map<string, BackingKind>();
  for (const [name, service] of Object.entries(services)) {
    const kind =
      service.build === undefined
        ? backingKind(typeof service.image === "string" ? service.image : undefined)
        : undefined;
    if (kind) kinds.set(name, kind);
  }
  const celery = new Set(Object.keys(services).filter((n) => /\bcelery\b/.test(commandText(services[n]!))));
  const brokerCandidates = [...kinds].filter(([, k]) => k.kind === "rabbitmq" || k.kind === "redis").map(([n]) => n);
  const broker = [...brokerCandidates]
    .sort((a, b) => Number(kinds.get(b)!.kind === "rabbitmq") - Number(kinds.get(a)!.kind === "rabbitmq"))
    .find((host) =>
      [...celery].some(
        (c) =>
          dependsOn(services[c]!).includes(host) ||
          environmentEntries(services[c]!.environment).some(([, v]) => v !== undefined && mentionsHost(v, host)),
      ),
    );
  for (const [name] of Object.entries(services)) {
    const kind = kinds.get(name);
    if (name === broker) roles.set(name, "broker");
    else if (kind?.kind === "database") roles.set(name, "database");
    else if (kind?.kind === "redis") roles.set(name, "cache");
    else if (kind?.kind === "rabbitmq" || kind?.kind === "memcached" || kind?.kind === "other-data")
      roles.set(name, "other-data");
    else roles.set(name, "app");
  }
  const proxied = new Map<string, string>();
  for (const [name, service] of Object.entries(services)) {
    const isProxy = kinds.get(name)?.kind === "proxy" || (service.build !== undefined && PROXY_NAME.test(name));
    const fronts = dependsOn(service).find((d) => roles.get(d) === "app" && kinds.get(d)?.kind !== "proxy");
    if (isProxy && fronts) {
      roles.set(name, "proxy");
      proxied.set(name, fronts);
    }
  }
  return { roles, kinds, ...(broker ? { broker } : {}), celery, proxied };
}
