import { NAME_LIMITS } from "./schema-names.js";

export interface InitFacts {
  /** The directory's name, the app name unless one is given. */
  directory: string;
  /** The Dockerfile's text, when there is one. */
  dockerfile?: string;
  app?: string;
  image?: string;
  port?: number;
}

export type InitResult =
  { ok: true; app: string; port?: number; text: string } | { ok: false; message: string; hint: string };

/** A first berth.yml from what the directory shows: its Dockerfile and the port it exposes. */
export function initialManifest(facts: InitFacts): InitResult {
  if (!facts.dockerfile && !facts.image) {
    return {
      ok: false,
      message: "there is no Dockerfile here to build",
      hint: "add a Dockerfile, or pass --image NAME:TAG to run a prebuilt image",
    };
  }
  const app = facts.app ?? appName(facts.directory);
  const port = facts.port ?? (facts.dockerfile ? exposedPort(facts.dockerfile) : undefined);
  const source = facts.image ? `image: ${facts.image}` : "build: .";
  const web =
    port === undefined
      ? [`    ${source}`]
      : [`    ${source}`, `    port: ${port}`, "    http:", "      healthcheck: { path: / }"];
  const text = [
    SCHEMA_COMMENT,
    "# Written by `berth init`. Every key is documented in berth's docs/manifest.md;",
    "# `berth validate` checks this file and `berth render` shows what AWS will get.",
    `app: ${app}`,
    "services:",
    "  web:",
    ...web,
    "",
  ].join("\n");
  return { ok: true, app, ...(port !== undefined ? { port } : {}), text };
}

/** The first port a Dockerfile EXPOSEs (`EXPOSE 8000/tcp` → 8000). */
export function exposedPort(dockerfile: string): number | undefined {
  const match = /^\s*EXPOSE\s+(\d+)/im.exec(dockerfile);
  const port = match ? Number(match[1]) : NaN;
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** A directory name made into a valid app name: `My_Shop.API` → `my-shop-api`. */
export function appName(directory: string): string {
  const cleaned = directory
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, NAME_LIMITS.app)
    .replace(/-+$/, "");
  return cleaned === "" ? "app" : cleaned;
}

/**
 * The JSON Schema `init` writes beside the manifest (`berth schema` prints it), which the
 * manifest's `$schema` comment names: a team that runs berth through `npx berth-ecs@X` or a
 * global install has no node_modules to point at, and a relative path works in every editor.
 */
export const SCHEMA_FILE = "berth.schema.json";
export const SCHEMA_COMMENT = `# yaml-language-server: $schema=./${SCHEMA_FILE}`;

/** Where berth writes its own output (`render --out .berth/render`); never part of the version. */
export const OUTPUT_DIR = ".berth/";

/**
 * The .gitignore with berth's output directory in it, or undefined when it is ignored
 * already: an untracked rendered file would otherwise make the next image version -dirty.
 */
export function ignoringOutput(gitignore: string | undefined): string | undefined {
  const lines = (gitignore ?? "").split(/\r?\n/).map((l) => l.trim());
  if (lines.some((l) => l === OUTPUT_DIR || l === "/.berth/" || l === ".berth" || l === "/.berth")) return undefined;
  const before =
    gitignore === undefined || gitignore === "" ? "" : gitignore.endsWith("\n") ? gitignore : `${gitignore}\n`;
  return `${before}# berth's own output (berth render --out .berth/render)\n${OUTPUT_DIR}\n`;
}
