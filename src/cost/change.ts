import type { CostLine, Estimate } from "./estimate.js";
import type { PriceKey } from "./price-table.js";

/** What `diff` and `deploy` say about cost: the change to the monthly floor, or why there is none. */
export type CostReport = { change: CostChange; line: string } | { unavailable: string };

/** What a change does to an environment's monthly floor, line by line. */
export interface CostChange {
  /** The floor of what is deployed; undefined for an environment that does not exist yet. */
  before: number | undefined;
  after: number;
  /** after − before (after alone for a new environment). */
  increase: number;
  /** The floor lines that appear, go or change, largest first. */
  changes: { item: string; change: "added" | "removed" | "changed"; monthly: number }[];
  priceDate: string;
  /** Prices the table lacks for lines on either side: the totals leave those lines out. */
  missing: PriceKey[];
}

/**
 * The difference of two estimates of the same environment, both rendered (docs/architecture.md,
 * "Cost"): what is deployed and what the change would deploy. Pure, so `diff`, `deploy` and a
 * plan can all carry it.
 */
export function costChange(before: Estimate | undefined, after: Estimate): CostChange {
  const floor = (e: Estimate) => new Map(e.lines.filter((l) => l.kind === "floor").map((l) => [l.id, l]));
  const was = before ? floor(before) : new Map<string, CostLine>();
  const is = floor(after);
  const changes: CostChange["changes"] = [];
  for (const [id, line] of is) {
    const old = was.get(id);
    const delta = (line.monthly ?? 0) - (old?.monthly ?? 0);
    if (!old) changes.push({ item: line.item, change: "added", monthly: delta });
    else if (Math.abs(delta) >= 0.005 || old.item !== line.item)
      changes.push({ item: line.item, change: "changed", monthly: delta });
  }
  for (const [id, line] of was)
    if (!is.has(id)) changes.push({ item: line.item, change: "removed", monthly: -(line.monthly ?? 0) });
  changes.sort((a, b) => Math.abs(b.monthly) - Math.abs(a.monthly));
  return {
    before: before?.floor,
    after: after.floor,
    increase: after.floor - (before?.floor ?? 0),
    changes,
    priceDate: after.priceDate,
    missing: [...new Set([...(before?.missing ?? []), ...after.missing])].sort(),
  };
}

/** "$78.85 → $115.35 a month (+$36.50/month: NAT gateway NatGateway2 and its public IPv4 address)". */
export function describeCostChange(c: CostChange): string {
  const money = (n: number) => `$${n.toFixed(2)}`;
  const signed = (n: number) => `${n < 0 ? "-" : "+"}${money(Math.abs(n))}`;
  const shown = c.changes.slice(0, 3).map((x) => (x.change === "removed" ? `no more ${x.item}` : x.item));
  const more = c.changes.length > 3 ? `, and ${c.changes.length - 3} more` : "";
  const what = shown.length > 0 ? `: ${shown.join("; ")}${more}` : ": no priced item changes";
  const prices = `prices of ${c.priceDate}${c.missing.length > 0 ? `; no price for ${c.missing.join(", ")}` : ""}`;
  if (c.before === undefined) return `monthly floor ${money(c.after)} for a new environment (${prices})`;
  return `monthly floor ${money(c.before)} → ${money(c.after)} (${signed(c.increase)}/month${what}; ${prices})`;
}
