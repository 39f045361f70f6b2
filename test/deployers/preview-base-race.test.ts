import { expect, test } from "vitest";
import { applyingStacks } from "../../src/deployers/apply-stack.js";
import { deployPreviewBase } from "../../src/deployers/previews/preview-base.js";
import { HELLO, manifestOf, render } from "../render/helpers.js";
import { fakeStacks } from "./service-stacks/fake-stacks.js";

// Two previews deployed at once both bring the shared base up. The one that loses the race to
// create it is refused by CloudFormation (the stack exists); it waits for the other's creation
// and finds the base done, instead of failing the preview's deploy.

let time = 0;
const clock = { now: () => time, sleep: async (ms: number) => void (time += ms) };
const options = { confirm: async () => true, pollMs: 1, clock };

test("a preview that loses the race to create the base waits for the other's creation and goes on", async () => {
  const m = manifestOf(HELLO, { env: "pr-2" });
  const rendered = render(HELLO, { env: "pr-2" });
  const cloud = fakeStacks();
  let raced = false;
  const port = {
    ...cloud.port,
    async createChangeSet(request: Parameters<typeof cloud.port.createChangeSet>[0]) {
      if (!raced) {
        raced = true;
        // pr-1's deploy creates the same base a moment before this one's change set.
        await cloud.port.createChangeSet(request);
        await cloud.port.executeChangeSet(request.stackName, request.changeSetName);
        throw new Error(`Stack [${request.stackName}] already exists`);
      }
      return cloud.port.createChangeSet(request);
    },
  };
  const outcome = await deployPreviewBase(m, rendered, port, applyingStacks(port, options));
  expect(outcome?.result).toMatch(/^(unchanged|updated)$/);
});

test("a base that fails on its own is not tried again", async () => {
  const m = manifestOf(HELLO, { env: "pr-2" });
  const rendered = render(HELLO, { env: "pr-2" });
  const cloud = fakeStacks();
  const port = {
    ...cloud.port,
    async createChangeSet() {
      throw new Error("Template format error");
    },
  };
  await expect(deployPreviewBase(m, rendered, port, applyingStacks(port, options))).rejects.toThrow(
    "Template format error",
  );
  expect(cloud.called("CreateChangeSet")).toEqual([]);
});
