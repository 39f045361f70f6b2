import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { examples } from "./examples.js";
import { initFrom } from "./init-from.js";
import { EXIT, UserError } from "../exit-codes.js";
import { ignoringOutput, initialManifest, OUTPUT_DIR, SCHEMA_FILE } from "../manifest/init.js";
import { manifestJsonSchema } from "../manifest/json-schema.js";
import { output } from "../ui/output.js";

interface InitOptions {
  file: string;
  app?: string;
  image?: string;
  port?: string;
  force?: boolean;
  from?: string[];
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("init")
    .description(
      "write a berth.yml for this directory, from its Dockerfile and the port it exposes, or from a Compose project or Copilot workspace (--from)",
    )
    .option("-f, --file <path>", "manifest to write", "berth.yml")
    .option("--app <name>", "application name (default: the directory's name)")
    .option("--image <ref>", "run this prebuilt image instead of building ./Dockerfile")
    .option("--port <number>", "the port the app listens on (default: the Dockerfile's EXPOSE)")
    .option("--force", "overwrite an existing manifest")
    .option("--from <path...>", "start from a Compose file (several merge as in Compose) or a Copilot workspace folder")
    .option("--json", "with --from: the report as JSON")
    .addHelpText(
      "after",
      examples([
        ["berth init", "from ./Dockerfile: build: . and the port it EXPOSEs"],
        ["berth init --image nginx:1.27 --port 80", "a prebuilt image, no build"],
        ["berth init --from docker-compose.yml", "from a Compose project: services, database, broker, volumes"],
        ["berth init --from compose.yaml --from compose.prod.yaml", "several Compose files, merged as Compose does"],
        ["berth init --from copilot/", "from an AWS Copilot workspace, with the cutover steps"],
      ]),
    )
    .action(async (opts: InitOptions) => {
      if (existsSync(opts.file) && !opts.force)
        throw new UserError(`${opts.file} already exists`, EXIT.usage, "edit it, or pass --force to replace it");
      if (opts.from && (opts.image !== undefined || opts.port !== undefined))
        throw new UserError(
          "--from takes no --image or --port",
          EXIT.usage,
          "the Compose file or Copilot manifests say them",
        );
      if (opts.json && !opts.from)
        throw new UserError("--json goes with --from", EXIT.usage, "plain init prints what it wrote in one line");
      if (opts.from) {
        const out = output({ json: opts.json === true });
        await initFrom({ file: opts.file, from: opts.from, ...(opts.app ? { app: opts.app } : {}) }, out);
        // With --json stdout is the report alone; what else was written goes to stderr.
        return writeBeside(opts.file, (text) => (out.json ? out.note(text) : out.line(text)));
      }
      const port = opts.port === undefined ? undefined : Number(opts.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535))
        throw new UserError(`--port ${opts.port} is not a port (1–65535)`, EXIT.usage);
      const dockerfile = await readFile("Dockerfile", "utf8").catch(() => undefined);
      const result = initialManifest({
        directory: basename(resolve(".")),
        ...(dockerfile !== undefined ? { dockerfile } : {}),
        ...(opts.app ? { app: opts.app } : {}),
        ...(opts.image ? { image: opts.image } : {}),
        ...(port !== undefined ? { port } : {}),
      });
      if (!result.ok) throw new UserError(result.message, EXIT.usage, result.hint);
      await writeFile(opts.file, result.text);
      const out = output();
      out.line(
        `wrote ${opts.file}: app ${result.app}, service web${result.port ? ` on port ${result.port} behind the load balancer` : ""}`,
      );
      await writeBeside(opts.file, (text) => out.line(text));
      out.line(
        `next: berth validate -f ${opts.file}, then berth deploy -f ${opts.file} (no AWS account? berth sandbox first)`,
      );
    });
}

/** What every init writes beside the manifest: the schema its `$schema` comment names, and `.berth/` ignored. */
async function writeBeside(file: string, say: (text: string) => void): Promise<void> {
  // The schema the manifest's $schema comment names, beside it: commit both.
  const schema = join(dirname(file), SCHEMA_FILE);
  await writeFile(schema, `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
  say(
    `wrote ${schema}: the schema your editor checks ${basename(file)} with (berth schema > ${SCHEMA_FILE} refreshes it)`,
  );
  const gitignore = ignoringOutput(await readFile(".gitignore", "utf8").catch(() => undefined));
  if (gitignore !== undefined) {
    await writeFile(".gitignore", gitignore);
    say(
      `added ${OUTPUT_DIR} to .gitignore: berth's output (render --out ${OUTPUT_DIR}render) stays out of the image version`,
    );
  }
}
