import { placeholdersIn } from "./placeholders.js";

/** What the release path knows once the stack is up and the images are pushed. */
export interface PlaceholderValues {
  outputs: Record<string, string>;
  /** Service → image reference pinned by digest (`repo@sha256:…`). */
  images: Record<string, string>;
  region: string;
  account: string;
  partition: string;
  taskDefinition?: string;
}

export type Resolution<T> = { ok: true; value: T } | { ok: false; missing: string[] };

/**
 * Fills a rendered definition's placeholders. A missing value means the stack or the
 * image build did not provide what the definition needs; it is reported by name rather
 * than left as `{{…}}` for ECS to reject.
 */
export function resolvePlaceholders<T>(definition: T, values: PlaceholderValues): Resolution<T> {
  const lookup = (name: string): string | undefined => {
    if (name.startsWith("stack:")) return values.outputs[name.slice(6)];
    if (name.startsWith("image:")) return values.images[name.slice(6)];
    if (name === "region") return values.region;
    if (name === "account") return values.account;
    if (name === "partition") return values.partition;
    if (name === "taskDefinition") return values.taskDefinition;
    return undefined;
  };
  const missing = placeholdersIn(definition).filter((name) => lookup(name) === undefined);
  if (missing.length > 0) return { ok: false, missing };
  const text = JSON.stringify(definition).replace(/\{\{([a-zA-Z]+(?::[A-Za-z0-9-]+)?)\}\}/g, (whole, name: string) => {
    const value = lookup(name);
    return value === undefined ? whole : JSON.stringify(value).slice(1, -1);
  });
  return { ok: true, value: JSON.parse(text) as T };
}
