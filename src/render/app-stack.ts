import berthTable from "../../templates/berth-table.yml";
import repository from "../../templates/repository.yml";
import type { Manifest } from "../manifest/types.js";
import { berthTableName, logicalId } from "./names.js";
import { TemplateBuilder, type Template } from "./template.js";

/**
 * Shared by every environment of the app: berth's table (deploy locks and release
 * history) and one image repository per built service (none for an app that only runs
 * prebuilt images or pushes to another registry).
 */
export function renderAppStack(m: Manifest): Template {
  const built = m.registry ? [] : Object.values(m.services).filter((s) => s.build);
  const t = new TemplateBuilder();
  t.add(berthTable, { table: berthTableName(m.app) });
  for (const service of built) t.add(repository, { Id: logicalId(service.name), name: service.name, app: m.app });
  return t.build(`berth: ${m.app} deploy locks, release history and images, shared by every environment. Generated from berth.yml.`);
}
