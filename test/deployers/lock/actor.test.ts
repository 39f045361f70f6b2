import { describe, expect, test } from "vitest";
import { currentActor } from "../../../src/deployers/actor.js";
import { describeHolder } from "../../../src/deployers/lock/describe-holder.js";

const host = () => "runner-7";

describe("who holds the lock and runs the release", () => {
  test("on GitHub Actions: the workflow's actor and the run's URL", () => {
    const env = {
      GITHUB_ACTOR: "ana",
      USER: "runner",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "acme/shop",
      GITHUB_RUN_ID: "42",
    };
    expect(currentActor(env, host)).toEqual({
      user: "ana",
      host: "runner-7",
      ciUrl: "https://github.com/acme/shop/actions/runs/42",
    });
  });

  test("on CodeBuild: the build's console URL", () => {
    const env = {
      USER: "root",
      CODEBUILD_BUILD_URL: "https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/projects/shop/build/shop%3A1",
    };
    expect(currentActor(env, host)).toEqual({ user: "root", host: "runner-7", ciUrl: env.CODEBUILD_BUILD_URL });
  });

  test("on a laptop: the user and the host, no URL", () => {
    expect(currentActor({ USER: "ben" }, () => "bens-mac")).toEqual({ user: "ben", host: "bens-mac" });
  });

  test("a holder is described by who, where, what, since when and when the lease runs out", () => {
    const holder = {
      user: "ana",
      host: "laptop",
      version: "abc1234",
      command: "deploy",
      startedAt: "2026-11-28T10:15:00.000Z",
      expiresAt: "2026-11-28T10:19:00.000Z",
    };
    expect(describeHolder(holder, Date.parse("2026-11-28T10:17:20.000Z"))).toBe(
      "ana on laptop (berth deploy of abc1234), since 10:15:00 UTC; expires in 1m 40s (10:19:00 UTC) unless renewed",
    );
    expect(describeHolder({ ...holder, command: "destroy", version: "" }, Date.parse("2026-11-28T10:20:00.000Z"))).toBe(
      "ana on laptop (berth destroy), since 10:15:00 UTC; expired 1m 0s ago",
    );
  });
});
