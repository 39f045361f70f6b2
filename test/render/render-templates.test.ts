import { describe, expect, test } from "vitest";
import { renderApplication, renderTemplates } from "../../src/render/render.js";
import { CASSANDRA, HELLO, manifestOf } from "./helpers.js";

describe("renderTemplates: what `berth render` prints", () => {
  test.each([
    ["cassandra production", CASSANDRA, "production"],
    ["cassandra's preview pr-7, with the previews' base", CASSANDRA, "pr-7"],
    ["hello", HELLO, undefined],
  ])("%s: the same stacks as renderApplication, and nothing else", (_name, text, env) => {
    const full = renderApplication(manifestOf(text, env === undefined ? {} : { env }));
    const templates = renderTemplates(manifestOf(text, env === undefined ? {} : { env }));
    if (!full.ok || !templates.ok) throw new Error("render has problems");
    const { template, services, dashboard, previewBase } = full.rendered;
    expect(templates.rendered).toStrictEqual({
      template,
      services,
      dashboard,
      ...(previewBase ? { previewBase } : {}),
    });
    expect("previewBase" in templates.rendered).toBe(env === "pr-7");
  });
});
