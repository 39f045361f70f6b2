import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { adoptCompose } from "../adopt/compose.js";
import { dotenv } from "../adopt/compose-values.js";
import { adoptCopilot } from "../adopt/copilot.js";
import { manifestText } from "../adopt/manifest-text.js";
import type { Adoption, ManifestData } from "../adopt/report.js";
import { EXIT, UserError } from "../exit-codes.js";
import { printAdoption } from "../ui/adoption-report.js";
import type { Output } from "../ui/output.js";

export interface InitFromOptions {
  file: string;
  from: string[];
  app?: string;
}

const COMPOSE_NAMES = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

/** `berth init --from`: reads a Compose project or a Copilot workspace, writes berth.yml and prints the report. */
export async function initFrom(opts: InitFromOptions, out: Output): Promise<void> {
  const manifestDir = dirname(resolve(opts.file));
  const adoption = fromSources(opts, manifestDir);
  if (!adoption.ok) throw new UserError(adoption.message, EXIT.usage, adoption.hint);
  const source = opts.from.join(" --from ");
  await writeFile(opts.file, manifestText(adoption.manifest, source));
  printAdoption(out, adoption.report, opts.file, summary(adoption.manifest));
}

function fromSources(opts: InitFromOptions, manifestDir: string): Adoption {
  const paths = opts.from.map((p) => resolve(p));
  for (const path of paths)
    if (!existsSync(path))
      throw new UserError(
        `--from ${relative(".", path) || path}: not found`,
        EXIT.usage,
        "name a docker-compose.yml, a compose.yaml or a copilot/ folder",
      );
  const first = paths[0]!;
  const copilot = copilotFolder(first);
  if (copilot) {
    if (paths.length > 1)
      throw new UserError(
        "--from a copilot/ folder takes no other --from",
        EXIT.usage,
        "convert one Copilot workspace at a time",
      );
    return adoptCopilot({
      files: readTree(copilot),
      folder: relative(".", copilot) || ".",
      projectDir: posixPath(relative(manifestDir, dirname(copilot))),
      ...(opts.app ? { app: opts.app } : {}),
    });
  }
  const files = paths.flatMap((p) => (statSync(p).isDirectory() ? composeFilesIn(p) : [p]));
  const projectDir = dirname(files[0]!);
  const dotEnv = readText(join(projectDir, ".env"));
  return adoptCompose({
    files: files.map((f) => ({ path: relative(".", f), text: readFileSync(f, "utf8") })),
    ...(opts.app ? { app: opts.app } : {}),
    directory: basename(projectDir),
    projectDir: posixPath(relative(manifestDir, projectDir)),
    vars: { ...(dotEnv === undefined ? {} : dotenv(dotEnv)), ...process.env },
    read: (path) => readText(resolve(manifestDir, path)),
  });
}

/** The copilot/ folder named, or the one inside the folder named, when it holds a .workspace file. */
function copilotFolder(path: string): string | undefined {
  if (!statSync(path).isDirectory()) return undefined;
  if (existsSync(join(path, ".workspace"))) return path;
  return existsSync(join(path, "copilot", ".workspace")) ? join(path, "copilot") : undefined;
}

/** A directory's Compose file and its override file, as `docker compose` reads them without -f. */
function composeFilesIn(dir: string): string[] {
  const name = COMPOSE_NAMES.find((n) => existsSync(join(dir, n)));
  if (!name)
    throw new UserError(
      `--from ${relative(".", dir) || "."}: no ${COMPOSE_NAMES.join(", ")} and no copilot/.workspace`,
      EXIT.usage,
      "name the Compose file itself, or a Copilot workspace folder",
    );
  const override = name.replace(/\.(ya?ml)$/, ".override.$1");
  return [join(dir, name), ...(existsSync(join(dir, override)) ? [join(dir, override)] : [])];
}

function readTree(root: string, dir = root): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, readTree(root, path));
    else if (entry.isFile()) files[posixPath(relative(root, path))] = readFileSync(path, "utf8");
  }
  return files;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function posixPath(path: string): string {
  return path === "" ? "." : path.split(sep).join("/");
}

function summary(manifest: ManifestData): string {
  const services = Object.keys((manifest.services ?? {}) as object);
  const parts = [`${services.length} service${services.length === 1 ? "" : "s"} (${services.join(", ")})`];
  if (manifest.database) parts.push("a database");
  for (const key of ["queues", "buckets", "volumes", "caches", "schedules", "environments"]) {
    const n = Object.keys((manifest[key] ?? {}) as object).length;
    if (n > 0) parts.push(`${n} ${n === 1 ? key.replace(/s$/, "") : key}`);
  }
  return parts.join(", ");
}
