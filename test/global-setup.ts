import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";

const build = (): void => void execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });

/**
 * Builds dist/ from the sources before any test runs, and again before each rerun in watch
 * mode, so the tests that run the real CLI (bin/berth.js → dist/cli.cjs) can never run a
 * stale build, whichever way vitest started.
 */
export default function buildTheCli(project: TestProject): void {
  build();
  project.onTestsRerun(build);
}
