import { IANA_ZONE_NAMES } from "./iana-zones.js";

/**
 * IANA time zone names, the tz database's (src/manifest/iana-zones.ts) or else from the Node
 * runtime's own ICU data (ECMA-402): what `ScheduleExpressionTimezone` takes. Names only, spelt as IANA spells them (Europe/Rome):
 * Intl also takes offsets (+01:00) and any letter case, which EventBridge Scheduler does not.
 */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z][A-Za-z0-9_+-]*)*$/.test(name)) return false;
  known ??= new Set(IANA_ZONE_NAMES.split(/\s+/));
  if (known.has(name) || timeZoneNames().includes(name)) return true;
  try {
    // Links (US/Eastern, Etc/UTC) resolve to their zone; a known zone in another case (EUROPE/ROME) is refused.
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
    return resolved === name || resolved.toLowerCase() !== name.toLowerCase();
  } catch {
    return false;
  }
}

let known: Set<string> | undefined;
let names: string[] | undefined;

/** The canonical zone names, for suggestions. */
export function timeZoneNames(): string[] {
  names ??= [...Intl.supportedValuesOf("timeZone"), "UTC"];
  return names;
}
