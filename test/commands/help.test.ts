import { describe, expect, test } from "vitest";
import { buildProgram } from "../../src/cli.js";

function helpOf(name: string): string {
  const command = buildProgram().commands.find((c) => c.name() === name)!;
  let text = "";
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  command.outputHelp();
  return text;
}

const optionsOf = (name: string) =>
  buildProgram()
    .commands.find((c) => c.name() === name)!
    .options.map((o) => o.long)
    .sort();

describe("help", () => {
  test.each(buildProgram().commands.map((c) => c.name()))("berth %s --help shows examples of berth itself", (name) => {
    expect(helpOf(name)).toMatch(new RegExp(`\\nExamples:\\n(  .*berth ${name}.*# .+\\n?)+`));
  });

  test("plan takes exactly the image and push flags deploy takes, and --out", () => {
    const deployOnly = new Set(["--yes", "--lock-wait", "--max-monthly-increase"]);
    expect(optionsOf("plan")).toEqual([...optionsOf("deploy").filter((o) => !deployOnly.has(o!)), "--out"].sort());
  });

  test("diff is plan under its former name", () => {
    expect(
      buildProgram()
        .commands.find((c) => c.name() === "plan")!
        .aliases(),
    ).toEqual(["diff"]);
  });
});
