import { standardErr, standardOut, type StandardStream } from "./standard-streams.js";

/**
 * How results reach the user: a terminal gets colour, CI gets plain lines (and GitHub
 * annotations on GitHub Actions), `--json` gets one JSON document on stdout.
 */
export interface Output {
  json: boolean;
  github: boolean;
  color: boolean;
  /** Results: what a script would pipe. */
  line(text: string): void;
  /** Diagnostics and progress. */
  note(text: string): void;
  /** The live view's last frame, left in the scrollback, already shows each failed release's diagnosis. */
  diagnosisShown?: boolean;
}

export interface OutputOptions {
  json?: boolean;
}

export function output(
  options: OutputOptions = {},
  env: NodeJS.ProcessEnv = process.env,
  streams: { out: StandardStream; err: StandardStream } = { out: standardOut, err: standardErr },
): Output {
  const color = Boolean(streams.err.isTTY) && env.NO_COLOR === undefined && env.CI !== "true" && env.TERM !== "dumb";
  return {
    json: options.json === true,
    github: env.GITHUB_ACTIONS === "true",
    color,
    line: (text) => void streams.out.write(`${text}\n`),
    note: (text) => void streams.err.write(`${text}\n`),
  };
}

export const paint = {
  red: (o: Output, s: string) => (o.color ? `\u001b[31m${s}\u001b[39m` : s),
  yellow: (o: Output, s: string) => (o.color ? `\u001b[33m${s}\u001b[39m` : s),
  green: (o: Output, s: string) => (o.color ? `\u001b[32m${s}\u001b[39m` : s),
  dim: (o: Output, s: string) => (o.color ? `\u001b[2m${s}\u001b[22m` : s),
  bold: (o: Output, s: string) => (o.color ? `\u001b[1m${s}\u001b[22m` : s),
};
