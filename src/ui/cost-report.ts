import type { Estimate } from "../cost/estimate.js";
import { priceLabel } from "../cost/price-table.js";
import { paint, type Output } from "./output.js";

/** `berth cost`: a plain table (each line, the floor, the usage, the assumptions) or one JSON document. */
/** What every preview shares, priced once beside a preview's own estimate. */
export interface SharedEstimate {
  stack: string;
  estimate: Estimate;
}

export function reportEstimate(e: Estimate, stack: string, out: Output, shared?: SharedEstimate): void {
  if (out.json) {
    const base = shared ? { previewBase: { stack: shared.stack, ...shared.estimate } } : {};
    out.line(JSON.stringify({ stack, ...e, ...base }, null, 2));
    return;
  }
  reportOne(e, stack, out);
  if (!shared) return;
  out.line("");
  out.line(`shared by every preview of the app, paid once however many there are: ${shared.stack}`);
  reportOne(shared.estimate, shared.stack, out);
}

function reportOne(e: Estimate, stack: string, out: Output): void {
  const money = (n: number | undefined) => (n === undefined ? "no price" : formatUsd(n));
  // A total that leaves lines out says so on the line itself, not only in a note below it.
  const partial = e.missing.length > 0 ? " (priced items only)" : "";
  const width = Math.max(...e.lines.map((l) => l.item.length), 20);
  const row = (item: string, monthly: string, atMax = "") =>
    `${item.padEnd(width)}  ${monthly.padStart(10)}  ${atMax.padStart(10)}`.trimEnd();
  out.line(`${stack} in ${e.region}, per month (prices of ${e.priceDate})`);
  out.line(paint.dim(out, row("floor: what runs with no traffic", "monthly", "at max")));
  for (const l of e.lines.filter((x) => x.kind === "floor"))
    out.line(row(l.item, money(l.monthly), l.atMax === undefined ? "" : money(l.atMax)));
  out.line(paint.bold(out, row(`floor${partial}`, money(e.floor), e.floorAtMax > e.floor ? money(e.floorAtMax) : "")));
  const usage = e.lines.filter((x) => x.kind === "usage");
  if (usage.length > 0) {
    out.line("");
    out.line(paint.dim(out, row("usage, at the assumptions below (--usage)", "monthly")));
    for (const l of usage) out.line(row(l.item, money(l.monthly)));
    out.line(paint.bold(out, row(`floor and usage${partial}`, money(e.floor + e.usage))));
  }
  if (e.missing.length > 0) {
    out.line("");
    out.line(paint.yellow(out, `berth's table has no ${e.region} price for: ${e.missing.map(priceLabel).join("; ")}`));
    out.line("the totals leave those lines out");
  }
  out.line("");
  out.line("assumptions:");
  for (const a of e.assumptions) out.line(`  ${a}`);
  out.line(`prices: ${e.priceSource}`);
}

/** $1,401.60: dollars and cents, thousands grouped. */
export function formatUsd(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
