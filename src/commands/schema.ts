import type { Command } from "commander";
import { examples } from "./examples.js";
import { manifestJsonSchema } from "../manifest/json-schema.js";
import { output } from "../ui/output.js";

export function register(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of berth.yml, for editors and other tools")
    .addHelpText(
      "after",
      "\nIn an editor with the YAML language server, start berth.yml with:\n  # yaml-language-server: $schema=./node_modules/berth/schema/berth.schema.json",
    )
    .addHelpText(
      "after",
      examples([["berth schema > berth.schema.json", "for an editor that reads a local schema file"]]),
    )
    .action(() => {
      output().line(JSON.stringify(manifestJsonSchema(), null, 2));
    });
}
