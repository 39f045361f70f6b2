import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { EXIT, UserError } from "../exit-codes.js";

/**
 * `--preview`: the pull request's preview environment, `pr-<number>`, from where the CI
 * run says it is: the GitHub event (pull_request.number, in the file GITHUB_EVENT_PATH
 * names), a pull request ref (GITHUB_REF=refs/pull/<n>/merge), CodeBuild's webhook trigger
 * (pr/<n>), GitLab's merge request (CI_MERGE_REQUEST_IID), else a branch named pr-<n> or pr/<n>.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#pull_request
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html
 */
export interface PreviewSources {
  env: NodeJS.ProcessEnv;
  readFile(path: string): string;
  currentBranch(): string | undefined;
}

export function previewEnvironment(sources: PreviewSources = systemSources()): string {
  const number = fromGithubEvent(sources) ?? fromVariables(sources.env) ?? fromBranch(sources.currentBranch());
  if (number === undefined) {
    const fix =
      "run it in a pull_request workflow (GITHUB_EVENT_PATH), on a branch named pr-<number>, or pass -e pr-<number>";
    throw new UserError("--preview found no pull request number", EXIT.usage, fix);
  }
  return `pr-${number}`;
}

function fromGithubEvent({ env, readFile }: PreviewSources): number | undefined {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  let event: { pull_request?: { number?: unknown }; number?: unknown };
  try {
    event = JSON.parse(readFile(env.GITHUB_EVENT_PATH)) as typeof event;
  } catch {
    return undefined;
  }
  return positive(event.pull_request?.number ?? (event.pull_request ? event.number : undefined));
}

function fromVariables(env: NodeJS.ProcessEnv): number | undefined {
  const ref = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? "")?.[1];
  const codebuild = /^pr\/(\d+)$/.exec(env.CODEBUILD_WEBHOOK_TRIGGER ?? "")?.[1];
  return positive(ref ?? codebuild ?? env.CI_MERGE_REQUEST_IID);
}

function fromBranch(branch: string | undefined): number | undefined {
  return positive(/^pr[-/](\d+)$/.exec(branch ?? "")?.[1]);
}

function positive(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 && n < 1e8 ? n : undefined;
}

function systemSources(): PreviewSources {
  return {
    env: process.env,
    readFile: (path) => readFileSync(path, "utf8"),
    currentBranch: () => {
      try {
        const options = {
          encoding: "utf8" as const,
          stdio: ["ignore", "pipe", "ignore"] as ["ignore", "pipe", "ignore"],
        };
        return execFileSync("git", ["rev-parse", "--abbrev-ref", "HEAD"], options).trim();
      } catch {
        return undefined;
      }
    },
  };
}
