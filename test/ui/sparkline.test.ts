import { describe, expect, test } from "vitest";
import { extremes, GAP, sparkline } from "../../src/ui/sparkline.js";

describe("sparkline", () => {
  test("values scale from zero to the largest, eight levels", () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe("▁▂▃▄▅▆▇█");
  });

  test("a period without data is a gap, not a zero", () => {
    expect(sparkline([4, null, 0, null, 8])).toBe(`▅${GAP}▁${GAP}█`);
  });

  test("one point is drawn at the top of its own scale, or at the bottom when it is zero", () => {
    expect(sparkline([42])).toBe("█");
    expect(sparkline([0])).toBe("▁");
  });

  test("all zeros are the lowest level, all gaps are blank", () => {
    expect(sparkline([0, 0, 0])).toBe("▁▁▁");
    expect(sparkline([null, null])).toBe(GAP.repeat(2));
  });

  test("a ceiling (100 for percentages) keeps low values low, and caps higher ones", () => {
    expect(sparkline([10, 50, 100], 100)).toBe("▂▅█");
    expect(sparkline([150], 100)).toBe("█");
  });

  test("extremes skip gaps; last is the newest period with data", () => {
    expect(extremes([null, 3, 9, 1, null])).toEqual({ min: 1, max: 9, last: 1 });
    expect(extremes([null])).toBeUndefined();
  });
});
