import { expect, test } from "vitest";
import { CASSANDRA, render } from "./helpers.js";

test("dump", () => {
  const r = render(CASSANDRA, { env: "pr-12" });
  console.log("BASE", Object.keys(r.previewBase!.Resources), Object.keys(r.previewBase!.Outputs));
  console.log("OWN", Object.keys(r.template.Resources), Object.keys(r.template.Parameters ?? {}));
  console.log(JSON.stringify(r.template.Outputs));
  expect(1).toBe(1);
});
