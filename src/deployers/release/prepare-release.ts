import { createHash } from "node:crypto";
import type { CreateServiceRequest, RegisterTaskDefinitionRequest } from "@aws-sdk/client-ecs";
import type { Service } from "../../manifest/types.js";
import { resolvePlaceholders, type PlaceholderValues } from "../../render/resolve-placeholders.js";
import type { Rendered } from "../../render/render.js";
import type { ServiceScaling } from "../../render/scaling.js";
import type { ServiceUpdate } from "./release-port.js";

/** What a release sends to ECS, resolved, and the fingerprint that names it. */
export interface Prepared {
  task: RegisterTaskDefinitionRequest;
  service: CreateServiceRequest;
  scaling?: ServiceScaling;
  fingerprint: string;
  images: Record<string, string>;
}

/**
 * The task and service definitions with every placeholder filled, and their fingerprint:
 * everything berth sends to CreateService/UpdateService and RegisterTaskDefinition, so a
 * change of subnets, load balancer or grace period is a change like a new image.
 */
export function prepare(s: Service, rendered: Rendered, values: PlaceholderValues): Prepared | { missing: string } {
  const task = resolvePlaceholders(rendered.taskDefinitions[s.name]!, values);
  if (!task.ok) return { missing: `missing values for the task definition: ${task.missing.join(", ")}` };
  const service = prepareService(s, rendered, values);
  if ("missing" in service) return service;
  // The version alone (in OTEL_RESOURCE_ATTRIBUTES) changes nothing that runs: a service whose
  // image and settings are the same is not released again, and keeps the version it has.
  const versionless = resolvePlaceholders(rendered.taskDefinitions[s.name]!, { ...values, version: "" });
  const printed = versionless.ok ? versionless.value : task.value;
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([printed, fingerprinted(service.service), service.scaling ?? null]))
    .digest("hex")
    .slice(0, 32);
  const images: Record<string, string> = Object.fromEntries(
    (task.value.containerDefinitions ?? []).map((c) => [c.name ?? "", c.image ?? ""]),
  );
  return { ...service, task: task.value, fingerprint, images };
}

/**
 * ECS Exec off is what a service created without the field has, so `enableExecuteCommand: false`
 * names the same service as before berth sent it: left out, a berth upgrade releases nothing.
 */
function fingerprinted(service: CreateServiceRequest): CreateServiceRequest {
  if (service.enableExecuteCommand !== false) return service;
  const { enableExecuteCommand: _off, ...rest } = service;
  return rest;
}

/** The service definition and scaling alone: what a release of an already registered task definition sends. */
export function prepareService(
  s: Service,
  rendered: Rendered,
  values: PlaceholderValues,
): Pick<Prepared, "service" | "scaling"> | { missing: string } {
  const { scaling, ...definition } = rendered.serviceDefinitions[s.name]!;
  const service = resolvePlaceholders(definition, { ...values, taskDefinition: "" });
  if (!service.ok) return { missing: `missing values for the service: ${service.missing.join(", ")}` };
  const resolvedScaling = scaling ? resolvePlaceholders(scaling, values) : undefined;
  if (resolvedScaling && !resolvedScaling.ok)
    return { missing: `missing values for the scaling: ${resolvedScaling.missing.join(", ")}` };
  return { service: service.value, ...(resolvedScaling?.ok ? { scaling: resolvedScaling.value } : {}) };
}

/**
 * UpdateService takes most of what CreateService does
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html); all
 * of it is sent so the service follows the manifest. The count is Application Auto
 * Scaling's when the service scales.
 */
export function serviceUpdate(
  service: CreateServiceRequest & { taskDefinition: string },
  scales: boolean,
): ServiceUpdate {
  const shared = Object.fromEntries(
    Object.entries(service).filter(([key]) => !CREATE_ONLY.has(key)),
  ) as Partial<ServiceUpdate>;
  return {
    ...shared,
    cluster: service.cluster ?? "",
    service: service.serviceName ?? "",
    taskDefinition: service.taskDefinition,
    ...(scales ? {} : { desiredCount: service.desiredCount ?? 1 }),
  };
}

/** CreateService parameters UpdateService does not take (tags go through TagResource), and the count handled above. */
const CREATE_ONLY = new Set([
  "serviceName",
  "cluster",
  "tags",
  "launchType",
  "schedulingStrategy",
  "role",
  "clientToken",
  "desiredCount",
]);
