import type { Manifest } from "../manifest/types.js";
import { paint, type Output } from "./output.js";

/** One line on success, so a script can tell what was checked. */
export function reportValid(manifest: Manifest, file: string, out: Output): void {
  const services = Object.keys(manifest.services);
  if (out.json) {
    out.line(
      JSON.stringify({ ok: true, file, app: manifest.app, environment: manifest.environment, services }, null, 2),
    );
    return;
  }
  const where = manifest.environment === "default" ? "" : ` (environment ${manifest.environment})`;
  out.line(
    `${paint.green(out, "ok")} ${file}: app ${manifest.app}${where}, ${services.length} service${services.length === 1 ? "" : "s"}: ${services.join(", ")}`,
  );
}
