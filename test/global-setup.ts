import { execFileSync } from "node:child_process";

/**
 * Builds dist/ from the sources before any test runs, so the tests that run the real CLI
 * (bin/berth.js → dist/cli.cjs) can never run a stale build, whichever way vitest started.
 */
export default function buildTheCli(): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}
