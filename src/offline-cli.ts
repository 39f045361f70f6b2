// The commands that need no AWS (validate, render, schema and cost), in a bundle of their own (dist/offline-cli.cjs) that holds
// none of the deployers, the SDK adapters or the other commands: bin/berth.js starts it for
// them (the same list is in bin/berth.js), so they stay in the start-up budget (docs/architecture.md, "Start-up").
import { register as registerCost } from "./commands/cost.js";
import { register as registerRender } from "./commands/render.js";
import { register as registerSchema } from "./commands/schema.js";
import { register as registerValidate } from "./commands/validate.js";
import { createProgram, runProgram } from "./program.js";

export async function main(argv: string[]): Promise<void> {
  await runProgram(createProgram([registerValidate, registerRender, registerSchema, registerCost]), argv);
}
