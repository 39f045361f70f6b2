import deadLetterQueue from "../../templates/dead-letter-queue.yml";
import deadLetterSource from "../../templates/dead-letter-source.yml";
import deadLetterSources from "../../templates/dead-letter-sources.yml";
import type { Vars } from "./fill-block.js";
import { sha256 } from "./sha256.js";
import { getAtt, type TemplateBuilder } from "./template.js";

/** A queue's dead-letter queue, and the variables its block was filled with. */
export interface DeadLetterQueue {
  Id: string;
  name: string;
  vars: Vars;
}

/**
 * Each dead-letter queue's RedriveAllowPolicy naming its own source queue, set by a custom
 * resource once both exist (why not in the template: templates/dead-letter-sources.yml);
 * nothing when no queue has a dead-letter queue.
 */
export function renderDeadLetterSources(stackName: string, queues: DeadLetterQueue[], t: TemplateBuilder): void {
  if (queues.length === 0) return;
  const deadLetterQueueArns = queues.map((q) => getAtt(`${q.Id}DeadLetterQueue`, "Arn"));
  t.add(deadLetterSources, { stackName, deadLetterQueueArns });
  for (const q of queues) t.add(deadLetterSource, { Id: q.Id, name: q.name, settings: settingsOf(q) });
}

/** A digest of the dead-letter queue's properties as rendered: any change to them changes it. */
function settingsOf(q: DeadLetterQueue): string {
  const resources = deadLetterQueue(q.vars).Resources as Record<string, { Properties?: unknown }>;
  const properties = resources[`${q.Id}DeadLetterQueue`]?.Properties;
  return sha256(JSON.stringify(properties)).toString("hex").slice(0, 16);
}
