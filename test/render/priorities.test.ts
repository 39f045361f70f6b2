import { describe, expect, test } from "vitest";
import { listenerRulePriorities, type RuleSubject } from "../../src/render/routing.js";

const web = (count: number, path = (i: number) => `/s${i}`): RuleSubject[] =>
  Array.from({ length: count }, (_, i) => ({ name: `svc${i + 1}`, path: path(i + 1) }));

describe("listener-rule priorities are stable per service", () => {
  test("adding a service never changes another service's priorities", () => {
    const before = listenerRulePriorities(web(49));
    const after = listenerRulePriorities([...web(49), { name: "billing", path: "/billing" }]);
    for (const [name, priorities] of before) expect(after.get(name)).toEqual(priorities);
  });

  test("removing a service never changes another service's priorities", () => {
    const all = web(50);
    const before = listenerRulePriorities(all);
    const after = listenerRulePriorities(all.filter((s) => s.name !== "svc17"));
    for (const [name, priorities] of after) expect(priorities).toEqual(before.get(name));
  });

  test("the order services are given in does not matter", () => {
    const all = web(30);
    expect([...listenerRulePriorities([...all].reverse())].sort()).toEqual([...listenerRulePriorities(all)].sort());
  });

  test("every priority is distinct, even when many services share one specificity", () => {
    const priorities = [...listenerRulePriorities(web(100, () => "/same")).values()];
    const all = priorities.flatMap((p) => [p.priority, p.testPriority]);
    expect(new Set(all).size).toBe(200);
  });
});

describe("listener-rule priorities keep the routing order", () => {
  test("a host and path beats a host, which beats a longer path, which beats a shorter one, which beats /", () => {
    const subjects: RuleSubject[] = [
      { name: "root", path: "/" },
      { name: "short", path: "/a" },
      { name: "long", path: "/api/v2" },
      { name: "host", host: "x.example.com", path: "/" },
      { name: "host-path", host: "x.example.com", path: "/api" },
    ];
    const p = listenerRulePriorities(subjects);
    const order = ["host-path", "host", "long", "short", "root"].map((n) => p.get(n)!.priority);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const tests = ["host-path", "host", "long", "short", "root"].map((n) => p.get(n)!.testPriority);
    expect(tests).toEqual([...tests].sort((a, b) => a - b));
  });

  test("every test rule comes before every production rule", () => {
    const p = [...listenerRulePriorities([...web(50), { name: "host", host: "h.example.com", path: "/x" }]).values()];
    expect(Math.max(...p.map((x) => x.testPriority))).toBeLessThan(Math.min(...p.map((x) => x.priority)));
  });

  test("priorities stay within ALB's 1–50000 and outside the single-stack layout's 1–100 and 1000–1990", () => {
    const subjects = [
      ...web(50, (i) => "/".padEnd(i * 3, "x")),
      { name: "root", path: "/" },
      { name: "host", host: "h.example.com", path: "/".padEnd(200, "y") },
    ];
    for (const { priority, testPriority } of listenerRulePriorities(subjects).values()) {
      for (const value of [priority, testPriority]) {
        expect(value).toBeGreaterThanOrEqual(2000);
        expect(value).toBeLessThanOrEqual(50_000);
      }
    }
  });
});
