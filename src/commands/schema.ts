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
      "\nIn an editor with the YAML language server, write it beside berth.yml (berth init does) and start berth.yml with:\n  # yaml-language-server: $schema=./berth.schema.json\nRun it again after upgrading berth, so the editor knows the new keys.",
    )
    .addHelpText(
      "after",
      examples([["berth schema > berth.schema.json", "the file berth.yml's $schema comment names"]]),
    )
    .action(() => {
      output().line(JSON.stringify(manifestJsonSchema(), null, 2));
    });
}
