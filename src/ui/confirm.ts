import { createInterface } from "node:readline/promises";
import type { Confirmation } from "../deployers/infrastructure/events.js";
import { changeSummaryLines } from "./infrastructure.js";
import type { Output } from "./output.js";
import { nodeStream, standardErr } from "./standard-streams.js";
import { upgradePlanLines } from "./upgrade-plan.js";

export interface ConfirmPolicy {
  /** --yes: the user accepted data loss and recreation up front. */
  yes: boolean;
  /** A person is at a terminal to ask. */
  interactive: boolean;
  ask: (question: string) => Promise<boolean>;
  /** Told when a change was refused for want of a terminal and --yes (exit code `refused`). */
  onRefused?: () => void;
}

/**
 * The deployer's confirm callback: --yes accepts, a terminal asks, and anything else (CI,
 * a pipe) refuses, so data loss never happens without someone having said so.
 */
export function confirmer(policy: ConfirmPolicy, out: Output): (question: Confirmation) => Promise<boolean> {
  return async (question) => {
    for (const line of describeConfirmation(question, out)) out.note(line);
    if (policy.yes) return true;
    if (!policy.interactive) {
      out.note("      not confirmed: no terminal to ask; rerun with --yes to accept");
      policy.onRefused?.();
      return false;
    }
    return policy.ask(QUESTIONS[question.kind](question.stackName));
  };
}

const QUESTIONS: Record<Confirmation["kind"], (stackName: string) => string> = {
  "data-loss": () => "Apply these changes and lose that data?",
  recreate: (stackName) => `Delete stack ${stackName} and create it again?`,
  "remove-services": () => "Scale these services down and delete them?",
  "upgrade-layout": () => "Upgrade the environment now (web services stop serving while they are recreated)?",
};

export function describeConfirmation(question: Confirmation, out: Output): string[] {
  if (question.kind === "remove-services") {
    const lines = [
      ...question.services.map((s) => `      - service ${s}: scaled to zero and deleted, with its scaling`),
      ...(question.stacks ?? []).map(
        (s) =>
          `      - stack ${question.stackName}-${s}: deleted (the service's security group, roles, target groups and listener rules)`,
      ),
    ];
    return [`stack ${question.stackName}: services no longer in the manifest`, ...lines];
  }
  if (question.kind === "upgrade-layout") return upgradePlanLines(question.stackName, question);
  if (question.kind === "recreate")
    return [`stack ${question.stackName}: ${question.reason}`, "      it will be deleted and created again"];
  return [
    `stack ${question.stackName} would lose data:`,
    ...changeSummaryLines(question.summary, out).filter((line) => line.includes("!")),
  ];
}

/** Whether a person is there to answer: a terminal on both ends, and not a CI run. */
export function canAskOnTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(process.stdin.isTTY && standardErr.isTTY) && env.CI !== "true";
}

/**
 * Reads one answer on the terminal (asking on stderr, so stdout stays clean for results).
 * A terminal's readline takes Ctrl-C itself; `onInterrupt` hears it.
 */
export async function answerOnTerminal(question: string, onInterrupt?: () => void): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: nodeStream(2) });
  if (onInterrupt) terminal.on("SIGINT", onInterrupt);
  try {
    return (await terminal.question(question)).trim();
  } finally {
    terminal.close();
  }
}

/** A yes/no question on the terminal; only "y" or "yes" accepts. */
export async function askOnTerminal(question: string, onInterrupt?: () => void): Promise<boolean> {
  return /^y(es)?$/i.test(await answerOnTerminal(`${question} [y/N] `, onInterrupt));
}
