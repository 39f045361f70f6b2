import { systemClock, type Clock } from "../../time/clock.js";
import { abortRecord, finishRecord, startRecord, type DeployResult, type ReleaseStart } from "./record-outcome.js";
import type { HistoryPort, ReleaseRecord, ServiceReleaseRecord } from "./release-record.js";

interface OpenRelease {
  history: HistoryPort;
  record: ReleaseRecord;
  clock: Clock;
}

// Releases this process has recorded as in progress and not yet closed, for an interrupt.
const open = new Set<OpenRelease>();

/**
 * Runs a deploy (or rollback) between two history writes: `in-progress` before anything
 * changes, then its outcome — failed ones and ones that stopped on an error too — so the
 * history never lacks a release that touched the environment.
 */
export async function recordedRelease<T extends DeployResult>(
  history: HistoryPort,
  start: ReleaseStart,
  work: (record: ReleaseRecord) => Promise<T>,
  clock: Clock = systemClock,
): Promise<{ result: T; record: ReleaseRecord }> {
  const entry: OpenRelease = { history, record: startRecord(start), clock };
  const earlier = await closeAbandonedReleases(history, start, clock);
  await history.put(entry.record);
  open.add(entry);
  try {
    const result = await work(entry.record);
    // An interrupt closed it meanwhile: that record says what was left, and stays.
    if (!open.delete(entry)) return { result, record: entry.record };
    const record = finishRecord(entry.record, result, start.strategies, clock.now(), earlier);
    await history.put(record);
    return { result, record };
  } catch (error) {
    if (open.delete(entry)) {
      const reason = error instanceof Error ? error.message : String(error);
      await history.put(abortRecord(entry.record, "failed", reason, clock.now())).catch(() => undefined);
    }
    throw error;
  }
}

// How far back a release left open by a run that died is looked for (the lock's holders
// before this one, which are the only runs that could have left one), and what served
// before is read from.
const ABANDONED_LOOKBACK = 20;

/**
 * Runs under the environment's lock, so a release still `in-progress` in the history
 * belongs to a run that died (killed, its lock expired): it never ends by itself, so it is
 * closed as interrupted, and this release follows whatever it left in flight.
 */
async function closeAbandonedReleases(
  history: HistoryPort,
  start: ReleaseStart,
  clock: Clock,
): Promise<ReleaseRecord[]> {
  const recent = await history.list(start.app, start.environment, ABANDONED_LOOKBACK);
  const reason = `its berth stopped before recording an outcome (killed?); release ${start.id} took over the lock`;
  const closed = recent.map((r) =>
    r.outcome === "in-progress" && r.id !== start.id ? abortRecord(r, "interrupted", reason, clock.now()) : r,
  );
  await Promise.all(closed.filter((r, i) => r !== recent[i]).map((r) => history.put(r)));
  // What served at the end of the releases before: this one's record names the version it leaves.
  return closed;
}

/**
 * For the interrupt handler: closes every release this process has open as `interrupted`,
 * with what was left behind as the reason. Never throws: berth is on its way out.
 */
export async function recordInterruptedReleases(reason: string, services: ServiceReleaseRecord[] = []): Promise<void> {
  const entries = [...open];
  open.clear();
  const close = (e: OpenRelease) => {
    e.record = abortRecord(
      { ...e.record, services: services.length > 0 ? services : e.record.services },
      "interrupted",
      reason,
      e.clock.now(),
    );
    return e.history.put(e.record).catch(() => undefined);
  };
  await Promise.all(entries.map(close));
}
