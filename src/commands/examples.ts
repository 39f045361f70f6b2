/** The `Examples:` section of a command's --help: each a command line and what it does. */
export function examples(list: Array<[line: string, does: string]>): string {
  const width = Math.max(...list.map(([line]) => line.length));
  return ["", "Examples:", ...list.map(([line, does]) => `  ${line.padEnd(width)}  # ${does}`)].join("\n");
}
