import { afterEach, describe, expect, test, vi } from "vitest";
import { IANA_ZONE_NAMES } from "../../src/manifest/iana-zones.js";
import { isTimeZone } from "../../src/manifest/time-zones.js";

const listed = IANA_ZONE_NAMES.trim().split(/\s+/);

afterEach(() => vi.restoreAllMocks());

describe("time zone names", () => {
  // First in the file: the runtime's list, once asked for, is kept for the process.
  test("a zone of the tz database is known without asking Intl for its list", () => {
    const list = vi.spyOn(Intl, "supportedValuesOf");
    expect(isTimeZone("Europe/Rome")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(list).not.toHaveBeenCalled();
  });

  test("every listed name is a zone this Node's ICU knows", () => {
    const unknown = listed.filter((zone) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: zone });
        return false;
      } catch {
        return true;
      }
    });
    expect(unknown).toEqual([]);
  });

  test("the list holds every zone this Node's ICU lists", () => {
    expect(Intl.supportedValuesOf("timeZone").filter((zone) => !listed.includes(zone))).toEqual([]);
  });

  test("a name the list lacks is still checked against the runtime: links yes, another letter case no", () => {
    expect(isTimeZone("US/Eastern")).toBe(true);
    expect(isTimeZone("EUROPE/ROME")).toBe(false);
    expect(isTimeZone("Europe/Roma")).toBe(false);
  });
});
