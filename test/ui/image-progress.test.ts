import { describe, expect, test } from "vitest";
import type { ImageEvent } from "../../src/images/publish.js";
import { imageProgress } from "../../src/ui/image-progress.js";
import { output } from "../../src/ui/output.js";

function capture(isTTY: boolean, env: Record<string, string>) {
  let text = "";
  const stream = { isTTY, write: (s: string) => (text += s) };
  const streams = { out: stream, err: stream } as unknown as Parameters<typeof output>[2];
  const out = output({}, env, streams);
  return { emit: imageProgress(out, env, stream), text: () => text };
}

const build = (lines: number, ok: boolean): ImageEvent[] => [
  { type: "step-start", step: "web", title: "build web (linux/amd64)" },
  ...Array.from({ length: lines }, (_, i): ImageEvent => ({ type: "step-output", step: "web", line: `STEP ${i + 1}` })),
  {
    type: "step-end",
    step: "web",
    ok,
    seconds: 1.25,
    ...(ok ? {} : { output: ["Error: COPY missing.txt: no such file"] }),
  },
];

describe("build progress in CI", () => {
  test("on GitHub Actions each build's full log is a ::group::", () => {
    const { emit, text } = capture(false, { CI: "true", GITHUB_ACTIONS: "true" });
    build(2, true).forEach(emit);
    expect(text()).toBe(
      "::group::build web (linux/amd64)\nSTEP 1\nSTEP 2\n::endgroup::\ndone build web (linux/amd64) 1.3s\n",
    );
  });

  test("without a terminal every line is printed, nothing is redrawn", () => {
    const { emit, text } = capture(false, {});
    build(8, true).forEach(emit);
    expect(text()).toContain("  STEP 1\n");
    expect(text()).toContain("  STEP 8\n");
    expect(text()).not.toContain("\u001b[");
  });

  test("a failed build ends with an error annotation on GitHub Actions", () => {
    const { emit, text } = capture(false, { CI: "true", GITHUB_ACTIONS: "true" });
    build(1, false).forEach(emit);
    expect(text()).toContain(
      "failed build web (linux/amd64) after 1.3s\n::error title=build web (linux/amd64)::Error: COPY missing.txt: no such file\n",
    );
  });
});

describe("build progress in a terminal", () => {
  test("a finished build collapses to one line", () => {
    const { emit, text } = capture(true, { NO_COLOR: "1" });
    build(8, true).forEach(emit);
    const screen = text().split("\u001b[0J").pop();
    expect(screen).toBe("done build web (linux/amd64) 1.3s\n");
  });

  test("a running build shows only its last five lines", () => {
    const { emit, text } = capture(true, { NO_COLOR: "1" });
    build(8, true).slice(0, -1).forEach(emit);
    const screen = text().split("\u001b[0J").pop();
    expect(screen).toBe("… build web (linux/amd64)\n  STEP 4\n  STEP 5\n  STEP 6\n  STEP 7\n  STEP 8\n");
  });

  test("a failed build keeps the builder's error on screen", () => {
    const { emit, text } = capture(true, { NO_COLOR: "1" });
    build(3, false).forEach(emit);
    expect(text().split("\u001b[0J").pop()).toBe(
      "failed build web (linux/amd64) after 1.3s\n  Error: COPY missing.txt: no such file\n",
    );
  });
});
