import { describe, expect, test } from "vitest";
import { taskDefinitionChanges } from "../../../src/deployers/plan/task-definition-changes.js";

const container = (overrides: Record<string, unknown> = {}) => ({
  name: "web",
  image: "repo/web@sha256:aaa",
  environment: [
    { name: "MODE", value: "fast" },
    { name: "LEVEL", value: "1" },
  ],
  secrets: [{ name: "STRIPE_KEY", valueFrom: "arn:aws:secretsmanager:us-east-1:1:secret:stripe" }],
  command: ["serve"],
  ...overrides,
});

describe("what a release changes in a task definition", () => {
  test("an environment variable's change is named, its value never", () => {
    const changes = taskDefinitionChanges(
      { containerDefinitions: [container()], cpu: "256", memory: "512" },
      {
        containerDefinitions: [
          container({
            environment: [
              { name: "MODE", value: "s3cr3t" },
              { name: "TOKEN", value: "hunter2" },
            ],
          }),
        ],
        cpu: "256",
        memory: "512",
      },
      { imagesKnown: true },
    );
    expect(changes).toEqual([
      { kind: "environment", container: "web", added: ["TOKEN"], removed: ["LEVEL"], changed: ["MODE"] },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/s3cr3t|hunter2|fast/);
  });

  test("the image, the size, the command and a secret's source, each on its own", () => {
    const changes = taskDefinitionChanges(
      { containerDefinitions: [container()], cpu: "256", memory: "512" },
      {
        containerDefinitions: [
          container({
            image: "repo/web@sha256:bbb",
            command: ["serve", "--fast"],
            secrets: [{ name: "STRIPE_KEY", valueFrom: "arn:aws:secretsmanager:us-east-1:1:secret:stripe-2" }],
          }),
        ],
        cpu: "512",
        memory: "1024",
      },
      { imagesKnown: true },
    );
    expect(changes).toEqual([
      { kind: "cpu", from: "256", to: "512" },
      { kind: "memory", from: "512", to: "1024" },
      { kind: "image", container: "web", from: "repo/web@sha256:aaa", to: "repo/web@sha256:bbb" },
      { kind: "secrets", container: "web", added: [], removed: [], changed: ["STRIPE_KEY"] },
      { kind: "command", container: "web", from: ["serve"], to: ["serve", "--fast"] },
    ]);
  });

  test("an image a plan did not resolve is not reported as a change", () => {
    const next = { containerDefinitions: [container({ image: "(built and pushed by the deploy)" })] };
    expect(taskDefinitionChanges({ containerDefinitions: [container()] }, next, { imagesKnown: false })).toEqual([]);
  });

  test("a new service: everything is added, nothing removed", () => {
    const changes = taskDefinitionChanges(
      undefined,
      { containerDefinitions: [container()], cpu: "256" },
      {
        imagesKnown: true,
      },
    );
    expect(changes).toContainEqual({
      kind: "environment",
      container: "web",
      added: ["LEVEL", "MODE"],
      removed: [],
      changed: [],
    });
    expect(changes).toContainEqual({ kind: "cpu", to: "256" });
    expect(changes).not.toContainEqual(expect.objectContaining({ kind: "container" }));
  });
});
