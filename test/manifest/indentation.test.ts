import { describe, expect, test } from "vitest";
import { findMisindentedLine } from "../../src/manifest/indentation.js";
import { CASSANDRA, HELLO } from "../render/helpers.js";
import { problems } from "./helpers.js";

describe("an indentation mistake", () => {
  test("a key indented one space deeper than its siblings is reported on its own line, not the line above", () => {
    const [p] = problems("app: shop\nservices:\n  web:\n    image: x\n     port: 80\n");
    expect(p).toMatchObject({
      line: 5,
      col: 6,
      message: "YAML syntax: this line is indented by 5 spaces, which matches no key above it",
    });
    expect(p?.hint).toBe("indent it by 4 spaces (the keys under web:), or by 2 or 0 spaces to close that block");
  });

  test("a key indented less than its siblings but more than its parent is reported on its line", () => {
    const [p] = problems("app: shop\nservices:\n  web:\n    image: x\n   port: 80\n");
    expect(p).toMatchObject({ line: 5, col: 4 });
    expect(p?.hint).toBe("indent it by 4 spaces (the keys under web:), or by 2 or 0 spaces to close that block");
  });

  test("a top-level key indented by one space is reported on its line", () => {
    const [p] = problems("app: shop\n services:\n  web:\n    image: x\n");
    expect(p).toMatchObject({ line: 2, col: 2 });
    expect(p?.hint).toMatch(/^indent it by 0 spaces/);
  });

  test("list items, block scalars and multi-line flow maps are not mistaken for indentation errors", () => {
    const text =
      "app: a\nx-note: |\n     free text\n   more\nservices:\n  web:\n    smoke:\n      - path: /\n        status: 200\n    env: { A: 1,\n        B: 2 }\n";
    expect(findMisindentedLine(text)).toBeUndefined();
  });

  test("the example manifests have no indentation mistakes", () => {
    expect(findMisindentedLine(CASSANDRA)).toBeUndefined();
    expect(findMisindentedLine(HELLO)).toBeUndefined();
  });
});
