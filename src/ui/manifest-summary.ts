import type { Manifest } from "../manifest/types.js";
import { paint, type Output } from "./output.js";

/** Lines of the success report stay this narrow: a long list of services wraps below the first line. */
const WIDTH = 100;

/**
 * On success, the first line says what was checked (`ok FILE: app A, N services…`, which
 * scripts match); the services' names follow on it when they fit, otherwise the first line
 * counts them by kind and the names wrap below it, indented.
 */
export function reportValid(manifest: Manifest, file: string, out: Output): void {
  const services = Object.keys(manifest.services);
  if (out.json) {
    out.line(
      JSON.stringify({ ok: true, file, app: manifest.app, environment: manifest.environment, services }, null, 2),
    );
    return;
  }
  const where = manifest.environment === "default" ? "" : ` (environment ${manifest.environment})`;
  const head = `${paint.green(out, "ok")} ${file}: app ${manifest.app}${where}, ${plural(services.length, "service")}`;
  const inline = `${head}: ${services.join(", ")}`;
  if (inline.length <= WIDTH) {
    out.line(inline);
    return;
  }
  const web = Object.values(manifest.services).filter((s) => s.http).length;
  const kinds = [web > 0 ? `${web} web` : "", web < services.length ? plural(services.length - web, "worker") : ""];
  out.line(`${head} (${kinds.filter(Boolean).join(", ")}):`);
  for (const line of wrapped(services, WIDTH - 2)) out.line(`  ${line}`);
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The names joined with commas, in lines of at most `width` characters (a longer name has a line of its own). */
function wrapped(names: string[], width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const [i, name] of names.entries()) {
    const item = i < names.length - 1 ? `${name},` : name;
    if (line && line.length + 1 + item.length > width) {
      lines.push(line);
      line = item;
    } else line = line ? `${line} ${item}` : item;
  }
  if (line) lines.push(line);
  return lines;
}
