import { expect, test } from "vitest";
import { plannedRules, priorityCollisions } from "../../src/deployers/previews/priority-collisions.js";
import { manifestOf, render } from "../render/helpers.js";

const ONE_WEB = `app: shop
services:
  web: { image: x, port: 80, http: {} }
environments:
  preview: { domain: preview.example.com }
`;
const TWO_WEB = ONE_WEB.replace("services:\n", "services:\n  api: { image: x, port: 8080, http: { path: /api } }\n");

test("a preview's planned rules are its service stacks' rules on the shared listener, with their hosts", () => {
  expect(plannedRules(render(ONE_WEB, { env: "pr-2" }))).toEqual([
    { listener: "HttpListener", priority: 6, hosts: ["pr-2.preview.example.com"] },
    { listener: "HttpListener", priority: 5, hosts: ["pr-2.preview.example.com"] },
  ]);
});

test("a band that overlaps another preview's rules (a web service more) is refused, naming that preview and the fix", () => {
  // pr-1 with two web services takes 5–8; pr-2 with one holds 5 and 6.
  const mine = plannedRules(render(TWO_WEB, { env: "pr-1" }));
  const existing = [
    { priority: 3, hosts: ["pr-1.preview.example.com"] },
    { priority: 5, hosts: ["pr-2.preview.example.com"] },
    { priority: 6, hosts: ["pr-2.preview.example.com"] },
  ];
  const problems = priorityCollisions(manifestOf(TWO_WEB, { env: "pr-1" }), "HttpListener", mine, existing);
  expect(problems).toEqual([
    expect.objectContaining({
      reference: "shop-previews: HttpListener priorities 5, 6",
      message: expect.stringContaining(
        "pr-1's rules would take priorities 5–8 on the previews' shared listener, and pr-2's rules hold 5, 6",
      ),
      fix: "berth destroy -e pr-2 --yes, then deploy pr-1 again",
    }),
  ]);
});

test("the preview's own rules, and rules at other priorities, are not in its way", () => {
  const m = manifestOf(ONE_WEB, { env: "pr-2" });
  const mine = plannedRules(render(ONE_WEB, { env: "pr-2" }));
  const existing = [
    { priority: 5, hosts: ["pr-2.preview.example.com"] },
    { priority: 3, hosts: ["pr-1.preview.example.com"] },
  ];
  expect(priorityCollisions(m, "HttpListener", mine, existing)).toEqual([]);
});

test("a rule berth did not make is named by its hosts, and the fix is to move it", () => {
  const m = manifestOf(ONE_WEB, { env: "pr-2" });
  const mine = plannedRules(render(ONE_WEB, { env: "pr-2" }));
  const [problem] = priorityCollisions(m, "HttpListener", mine, [{ priority: 6, hosts: ["admin.example.com"] }]);
  expect(problem).toMatchObject({
    message: expect.stringContaining("a rule for admin.example.com holds 6"),
    fix: "remove that rule from the listener, or move it out of priorities 5–6",
  });
});
