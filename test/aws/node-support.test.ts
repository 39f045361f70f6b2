import { expect, test } from "vitest";
import { nodeSupportNotice } from "../../src/aws/node-support.js";
import { berthAsync } from "../helpers/berth-cli.js";

test("on Node 20 berth's notice is one line with the date; on 22 and later there is none", () => {
  expect(nodeSupportNotice("v20.20.2")).toBe(
    "note: this is Node.js v20.20.2; AWS SDK releases published after the first week of January 2027 need Node.js 22 or later, and so will berth's releases after then: upgrade Node.js before then",
  );
  expect(nodeSupportNotice("v22.1.0")).toBeUndefined();
  expect(nodeSupportNotice("v24.0.0")).toBeUndefined();
});

test("a command that reaches AWS says it once, in berth's words, never in the SDK's", async () => {
  const run = await berthAsync(["status", "-f", "examples/hello/berth.yml"], {
    AWS_ENDPOINT_URL: "http://127.0.0.1:1",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "x",
    AWS_SECRET_ACCESS_KEY: "y",
  });
  const notice = nodeSupportNotice(process.version);
  expect(run.stderr.split("\n").filter((line) => line === notice)).toHaveLength(notice ? 1 : 0);
  expect(run.stderr).not.toContain("NodeVersionSupportWarning");
  // validate never loads the SDK, so it has nothing to say about it.
  expect((await berthAsync(["validate", "-f", "examples/hello/berth.yml"])).stderr).toBe("");
}, 60_000);
