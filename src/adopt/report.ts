/**
 * What `berth init --from` tells the user besides the manifest: what it mapped, what it
 * assumed, what it left for them (with why and what to do), and the steps to move over
 * (the data first). Nothing it reads is dropped without a line here.
 */
export interface LeftItem {
  /** Where it was: `services.db`, `copilot/api/manifest.yml: sidecars`. */
  item: string;
  why: string;
  todo: string;
}

export interface AdoptionReport {
  /** The file or folder the manifest was made from. */
  source: string;
  mapped: string[];
  assumed: string[];
  left: LeftItem[];
  /** Secrets to create before the first deploy: the reference berth.yml names and where its value is. */
  secretsToCreate: { reference: string; from: string }[];
  /** Numbered steps, in order: moving the data, cutting over. */
  steps: { title: string; lines: string[] }[];
}

/** A berth.yml as plain data, in the key order it is written in. */
export type ManifestData = Record<string, unknown>;

export type Adoption = { ok: true; manifest: ManifestData; report: AdoptionReport } | AdoptionRefusal;

/** Input berth cannot start from at all (no services, not a compose file): one line and a fix. */
export interface AdoptionRefusal {
  ok: false;
  message: string;
  hint: string;
}

export function emptyReport(source: string): AdoptionReport {
  return { source, mapped: [], assumed: [], left: [], secretsToCreate: [], steps: [] };
}

/** Records a secret to create once, however many services reference it. */
export function addSecretToCreate(report: AdoptionReport, reference: string, from: string): void {
  if (!report.secretsToCreate.some((s) => s.reference === reference)) report.secretsToCreate.push({ reference, from });
}
