import type { AdoptionReport } from "../adopt/report.js";
import { paint, type Output } from "./output.js";

/**
 * What `berth init --from` tells the user: the file it wrote, then what it mapped, what it
 * assumed, what is left to do (each with why and what to do), the secrets to create and the
 * steps that move the data. Secret values are never shown: only where each one is.
 */
export function printAdoption(out: Output, report: AdoptionReport, file: string, summary: string): void {
  if (out.json) {
    out.line(JSON.stringify({ file, ...report }, null, 2));
    return;
  }
  out.line(`wrote ${file} from ${report.source}: ${summary}`);
  section(out, "mapped", report.mapped);
  section(out, "assumed (check these)", report.assumed);
  if (report.left.length > 0) {
    out.line("");
    out.line(paint.bold(out, `left to do by hand (${report.left.length}):`));
    for (const left of report.left) out.line(`  - ${paint.yellow(out, left.item)}: ${left.why}. To do: ${left.todo}.`);
  }
  if (report.secretsToCreate.length > 0) {
    out.line("");
    out.line(paint.bold(out, "secrets to create before the first deploy (values stay out of berth.yml):"));
    for (const secret of report.secretsToCreate) {
      const name = secret.reference.replace(/^secretsmanager:/, "");
      out.line(`  - ${secret.reference}: ${secret.from}`);
      out.line(
        paint.dim(out, `      aws secretsmanager create-secret --name ${name} --secret-string file://value.txt`),
      );
    }
  }
  report.steps.forEach((step, i) => {
    out.line("");
    out.line(paint.bold(out, `step ${i + 1}: ${step.title}`));
    for (const line of step.lines) out.line(`  ${line}`);
  });
  out.line("");
  out.line(`next: berth validate -f ${file}, then berth deploy -f ${file} (no AWS account? berth sandbox first)`);
}

function section(out: Output, title: string, lines: string[]): void {
  if (lines.length === 0) return;
  out.line("");
  out.line(paint.bold(out, `${title}:`));
  for (const line of lines) out.line(`  - ${line}`);
}
