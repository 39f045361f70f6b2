import type { Manifest } from "../manifest/types.js";

/**
 * The data an environment uses but berth did not create (`existing:` in berth.yml): no stack
 * owns it, so no update or destroy touches it, `--delete-data` included. Named for people in
 * destroy's confirmation and result.
 */
export function existingData(m: Manifest): string[] {
  const found: string[] = [];
  if (m.database?.existing) found.push(`database cluster ${m.database.existing.cluster}`);
  for (const [name, b] of Object.entries(m.buckets)) if (b.existing) found.push(`bucket ${name} (${b.existing})`);
  for (const [name, v] of Object.entries(m.volumes))
    if (v.existing) found.push(`volume ${name} (${v.existing.fileSystem})`);
  return found;
}

/** Whether the manifest's bucket is berth's own, and so emptied by `--delete-data`. */
export function ownedBuckets(m: Manifest): string[] {
  return Object.entries(m.buckets).flatMap(([name, b]) => (b.existing ? [] : [name]));
}
