import { describe, expect, test } from "vitest";
import { previewRoomProblems, previewStackProblems } from "../../src/deployers/previews/preview-base.js";
import { HELLO, manifestOf, render } from "../render/helpers.js";

/** The account's stacks as ListStacks names them: previews, their service stacks, other environments. */
function stacks(previews: number): { listStackNames(prefix: string): Promise<string[]> } {
  const names = ["hello-staging", "hello-previews"];
  for (let n = 1; n <= previews; n++) names.push(`hello-pr-${n}`, `hello-pr-${n}-web`);
  return { listStackNames: (prefix) => Promise.resolve(names.filter((name) => name.startsWith(prefix))) };
}

describe("a new preview is refused when the shared load balancer holds no more", () => {
  test("the 51st preview of a one-web-service app is refused, naming the quota, how many fit and which exist", async () => {
    const problems = await previewRoomProblems(manifestOf(HELLO, { env: "pr-51" }), stacks(50));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      about: "previews' load balancer",
      reference: "hello-previews: listeners per Application Load Balancer, 50",
      message: expect.stringMatching(
        /^50 previews of this manifest fit on the load balancer \(each takes 1\), and 50 exist: pr-1, pr-2, .*, pr-50$/,
      ),
      fix: expect.stringContaining("berth destroy --expired"),
    });
  });

  test("the 50th is let through: service stacks and other environments are not counted", async () => {
    expect(await previewRoomProblems(manifestOf(HELLO, { env: "pr-50" }), stacks(49))).toEqual([]);
  });

  test("a preview whose listener port would pass 65535 is refused", async () => {
    const problems = await previewRoomProblems(manifestOf(HELLO, { env: "pr-55536" }), stacks(0));
    expect(problems[0]?.message).toBe("a preview listens on port 10000 + its number, and ports end at 65535");
  });
});

describe("a preview an earlier berth deployed as a whole environment", () => {
  const m = manifestOf(HELLO, { env: "pr-4" });
  const template = render(HELLO, { env: "pr-4" }).template;

  test("is refused, not moved onto the base in place: destroy it and deploy it again", async () => {
    const whole = { stackId: "id", status: "UPDATE_COMPLETE", parameters: {} };
    const problems = await previewStackProblems(m, template, whole, stacks(3));
    expect(problems[0]).toMatchObject({
      reference: "hello-pr-4: a whole environment",
      fix: "berth destroy -e pr-4 --yes, then deploy it again: it comes back on the shared base",
    });
  });

  test("a preview already on the base deploys again, whatever the count", async () => {
    const onBase = { stackId: "id", status: "UPDATE_COMPLETE", parameters: { Vpc: "vpc-1" } };
    expect(await previewStackProblems(m, template, onBase, stacks(50))).toEqual([]);
  });
});
