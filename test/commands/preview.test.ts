import { describe, expect, test } from "vitest";
import { previewEnvironment, type PreviewSources } from "../../src/commands/preview.js";

const sources = (env: NodeJS.ProcessEnv, files: Record<string, string> = {}, branch?: string): PreviewSources => ({
  env,
  readFile: (path) => {
    if (!(path in files)) throw new Error("ENOENT");
    return files[path]!;
  },
  currentBranch: () => branch,
});

describe("--preview", () => {
  test("on a GitHub pull_request event it is pr-<the pull request's number>", () => {
    const event = JSON.stringify({ action: "synchronize", number: 42, pull_request: { number: 42 } });
    expect(previewEnvironment(sources({ GITHUB_EVENT_PATH: "/e.json" }, { "/e.json": event }))).toBe("pr-42");
  });

  test("a push event has no pull request: the branch decides", () => {
    expect(
      previewEnvironment(sources({ GITHUB_EVENT_PATH: "/e.json" }, { "/e.json": '{"ref":"refs/heads/pr-9"}' }, "pr-9")),
    ).toBe("pr-9");
  });

  test("a pull request ref, CodeBuild's webhook trigger and GitLab's merge request give the number too", () => {
    expect(previewEnvironment(sources({ GITHUB_REF: "refs/pull/17/merge" }))).toBe("pr-17");
    expect(previewEnvironment(sources({ CODEBUILD_WEBHOOK_TRIGGER: "pr/5" }))).toBe("pr-5");
    expect(previewEnvironment(sources({ CI_MERGE_REQUEST_IID: "33" }))).toBe("pr-33");
  });

  test("a branch named pr/<n> works on a laptop", () => {
    expect(previewEnvironment(sources({}, {}, "pr/12"))).toBe("pr-12");
  });

  test("without any of them it says how to name the preview", () => {
    expect(() => previewEnvironment(sources({}, {}, "main"))).toThrow("--preview found no pull request number");
  });
});
