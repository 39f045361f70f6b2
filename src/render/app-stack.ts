import repository from "../../templates/repository.yml";
import type { Manifest } from "../manifest/types.js";
import { logicalId } from "../manifest/names.js";
import { TemplateBuilder, type Template } from "./template.js";

/**
 * Shared by every environment of the app: one image repository per built service.
 * An app that only runs prebuilt images, or pushes to another registry, has nothing to
 * share, and no app stack.
 */
export function renderAppStack(m: Manifest): Template | undefined {
  const built = m.registry ? [] : Object.values(m.services).filter((s) => s.build);
  if (built.length === 0) return undefined;
  const t = new TemplateBuilder();
  for (const service of built) t.add(repository, { Id: logicalId(service.name), name: service.name, app: m.app });
  return t.build(`berth: ${m.app} images, shared by every environment. Generated from berth.yml.`);
}
