/** Documented exit codes (README, "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** A deploy failed or was rolled back, or AWS refused. */
  failure: 1,
  /** Bad command line or manifest: fix the input and run again. */
  usage: 2,
  /** Refused: the command changes an environment, needs --yes, and there is no terminal to ask; nothing changed. */
  refused: 3,
} as const;

/** A failure the user can act on: printed as one line, never with a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}
