import type { MonthlyEstimate } from "../deployers/previews/monthly-floor.js";
import type { Output } from "./output.js";

/** `$36.59`: what a pull-request comment and the summary line show. */
export function formatMonthly(estimate: MonthlyEstimate): string {
  return `$${estimate.perMonth.toFixed(2)}`;
}

/** Said once, when a preview is created: what it costs a month while it exists, and why. */
export function reportPreviewCost(environment: string, estimate: MonthlyEstimate, out: Output): void {
  out.note(`preview ${environment} costs at least ${formatMonthly(estimate)} a month while it exists:`);
  for (const i of estimate.items) out.note(`  $${i.perMonth.toFixed(2).padStart(6)}  ${i.item}`);
  out.note(`  (${estimate.basis}; berth destroy -e ${environment} or its expiry ends it)`);
}
