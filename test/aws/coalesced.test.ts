import { expect, test } from "vitest";
import { coalesced } from "../../src/aws/coalesced.js";

/** A batched read whose requests are recorded; it answers every key but `missing`. */
function recorded(size: number, fail?: string) {
  const requests: [string, string[]][] = [];
  const read = coalesced<string>(size, async (group, keys) => {
    requests.push([group, keys]);
    if (fail && keys.includes(fail)) throw new Error(`refused ${fail}`);
    return new Map(keys.filter((k) => k !== "missing").map((k) => [k, `${group}/${k}`]));
  });
  return { read, requests };
}

test("reads made together go to AWS in one request per group of at most `size` keys", async () => {
  const { read, requests } = recorded(10);
  const names = Array.from({ length: 25 }, (_, i) => `s${i}`);
  const answers = await Promise.all([...names.map((n) => read("a", n)), read("b", "s0")]);
  expect(answers[24]).toBe("a/s24");
  expect(answers[25]).toBe("b/s0");
  expect(requests.map(([group, keys]) => [group, keys.length])).toEqual([
    ["a", 10],
    ["a", 10],
    ["a", 5],
    ["b", 1],
  ]);
});

test("the same key asked twice together is read once, and a key AWS does not answer reads as undefined", async () => {
  const { read, requests } = recorded(10);
  expect(await Promise.all([read("a", "x"), read("a", "x"), read("a", "missing")])).toEqual(["a/x", "a/x", undefined]);
  expect(requests).toEqual([["a", ["x", "missing"]]]);
});

test("a failed request fails the reads it carried and no others; later reads ask again", async () => {
  const { read, requests } = recorded(1, "bad");
  const [good, bad] = await Promise.allSettled([read("a", "good"), read("a", "bad")]);
  expect(good).toEqual({ status: "fulfilled", value: "a/good" });
  expect(bad).toMatchObject({ status: "rejected", reason: new Error("refused bad") });
  expect(await read("a", "good")).toBe("a/good");
  expect(requests).toHaveLength(3);
});
