import type { Classified } from "./compose-roles.js";
import type { MappedService } from "./compose-service.js";
import { berthName } from "./names.js";
import type { AdoptionReport } from "./report.js";

/**
 * Which service the load balancer serves at `/`. Compose does not say which ports speak HTTP:
 * the service a reverse proxy fronted, else one published on 80 or 443, else the first that
 * publishes a port. Others that publish ports keep their port, off the load balancer, and
 * are reported: only the user knows their path or host.
 */
export function placeWebService(mapped: MappedService[], c: Classified, report: AdoptionReport): void {
  const fronted = new Set([...c.proxied.values()].map((n) => berthName(n)));
  const candidates = mapped.filter((m) => m.published.length > 0 || fronted.has(m.name));
  const web =
    candidates.find((m) => fronted.has(m.name)) ??
    candidates.find((m) => m.published.some((p) => p.published === 80 || p.published === 443)) ??
    candidates[0];
  for (const [proxy, target] of c.proxied)
    report.left.push({
      item: `services.${proxy}`,
      why: `a reverse proxy in front of ${target}: the load balancer routes requests to services itself (and terminates TLS with certificate:)`,
      todo: `nothing, if it only proxied; if it also serves static files or rewrites, keep it as a service of its own (build it, give it port and http)`,
    });
  for (const m of candidates) {
    const port = m.published[0]?.container ?? (m.berth.port as number | undefined);
    for (const extra of m.published.slice(1))
      report.left.push({
        item: `services.${m.name}.ports ${extra.written}`,
        why: "berth maps one port per service",
        todo: "split the listener into a service of its own if clients need it",
      });
    if (port === undefined) {
      report.left.push({
        item: `services.${m.name}`,
        why: "a proxy sent it requests, but it names no port",
        todo: "add port: (the one it listens on) and http: {}",
      });
      continue;
    }
    if (m === web) {
      m.berth = placed(m.berth, port, m.healthPath ? { healthcheck: { path: m.healthPath } } : {});
      report.assumed.push(
        `services.${m.name} serves HTTP on port ${port}, at / behind the load balancer (Compose does not say which ports speak HTTP)`,
      );
      if (m.berth.count === undefined)
        report.assumed.push(`services.${m.name}: 2 tasks, berth's default for a web service (Compose ran 1)`);
      if (m.healthPath)
        report.mapped.push(
          `services.${m.name}: the load balancer's health check requests ${m.healthPath}, as its healthcheck did`,
        );
    } else {
      m.berth = placed(m.berth, port);
      report.left.push({
        item: `services.${m.name}.ports ${m.published[0]?.written ?? port}`,
        why: `${web?.name ?? "another service"} has the load balancer's /, and berth cannot tell where ${m.name} belongs`,
        todo: `if users reach it, add http: { path: /${m.name}/* } or http: { host: ${m.name}.example.com }`,
      });
    }
  }
  if (!web) report.assumed.push("no service publishes a port: none is behind the load balancer");
}

/** `port` and `http` placed after build/image and command, where a reader looks for them. */
function placed(berth: Record<string, unknown>, port: number, http?: Record<string, unknown>): Record<string, unknown> {
  const { build, image, command, port: _port, http: _http, ...rest } = berth;
  return {
    ...(build !== undefined ? { build } : {}),
    ...(image !== undefined ? { image } : {}),
    ...(command !== undefined ? { command } : {}),
    port,
    ...(http ? { http } : {}),
    ...rest,
  };
}
