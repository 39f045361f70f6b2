import { expect, test } from "vitest";
import { execChanges } from "../../../src/deployers/exec/exec-changes.js";
import { manifestOf } from "../../render/helpers.js";

const text = (exec: boolean) =>
  `app: shop\nexec: ${exec}\nservices:\n  web: { image: x, port: 80, http: {} }\n  worker: { image: x }\n  new: { image: x }\n`;
const live = (flags: Record<string, boolean>) => ({
  service: async (_cluster: string, name: string) =>
    name in flags ? { enableExecuteCommand: flags[name]!, assignPublicIp: false } : undefined,
});

test("turning exec on names the existing services a deploy will release", async () => {
  expect(await execChanges(manifestOf(text(true)), live({ web: false, worker: true }))).toBe(
    "exec: ECS Exec turns on for web; deploy releases them (only tasks started after the change have it)",
  );
});

test("turning it off too, and nothing when the services already match", async () => {
  expect(await execChanges(manifestOf(text(false)), live({ web: true, worker: true }))).toMatch(
    /^exec: ECS Exec turns off for web, worker;/,
  );
  expect(await execChanges(manifestOf(text(true)), live({ web: true, worker: true }))).toBeUndefined();
  expect(await execChanges(manifestOf(text(false)), live({}))).toBeUndefined();
});
