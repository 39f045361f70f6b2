import { beforeAll, describe, expect, test } from "vitest";
import { cloudFormationPort } from "../../../src/aws/cloudformation.js";
import { appStackBootstrap } from "../../../src/deployers/app-stack.js";
import { berthTable } from "../../../src/aws/berth-table.js";
import { acquireLock, LEASE_MS, type Lease, type LockRequest } from "../../../src/deployers/lock/environment-lock.js";
import { releaseHeldLocks } from "../../../src/deployers/lock/held-leases.js";
import { withEnvironmentLock } from "../../../src/deployers/lock/with-lock.js";
import { guardedRelease } from "../../../src/deployers/guarded-release.js";
import type { ReleaseRecord } from "../../../src/deployers/history/release-record.js";
import { instantClock } from "../../helpers/instant-clock.js";
import { useMotoServer } from "../../helpers/moto-server.js";
import { manifestOf } from "../../render/helpers.js";

const moto = useMotoServer();
const shop = manifestOf("app: shop\nservices:\n  web: { image: nginx, port: 80, http: {} }\n");
const table = () => berthTable(moto.settings(), "shop");
const request = (user: string, environment = "production"): LockRequest => ({
  environment,
  actor: { user, host: `${user}-laptop` },
  version: "abc1234",
  command: "deploy",
});
const manualTimer = () => () => {};

beforeAll(async () => {
  await appStackBootstrap(shop, cloudFormationPort(moto.settings()))();
});

describe("the deploy lock against moto's DynamoDB", () => {
  test("of two deploys that race for the lock, exactly one takes it and the other is told who holds it", async () => {
    const [first, second] = await Promise.all([
      acquireLock(table().lock, request("ana", "race"), { every: manualTimer }),
      acquireLock(table().lock, request("ben", "race"), { every: manualTimer }),
    ]);
    const winners = [first, second].filter((a) => a.ok);
    expect(winners).toHaveLength(1);
    const loser = [first, second].find((a) => !a.ok);
    const winner = winners[0]!.ok ? winners[0]!.lease.holder.user : "";
    expect(loser).toMatchObject({
      ok: false,
      holder: { user: winner, host: `${winner}-laptop`, version: "abc1234", command: "deploy" },
    });
  });

  test("a lease whose holder stopped renewing it is taken over once it expires", async () => {
    const clock = instantClock(Date.now());
    const dead = await acquireLock(table().lock, request("ana", "expiry"), { clock, every: manualTimer });
    expect(dead.ok).toBe(true);
    expect((await acquireLock(table().lock, request("ben", "expiry"), { clock, every: manualTimer })).ok).toBe(false);
    await clock.sleep(LEASE_MS + 1_000);
    const taken = await acquireLock(table().lock, request("ben", "expiry"), { clock, every: manualTimer });
    expect(taken).toMatchObject({ ok: true, lease: { holder: { user: "ben" } } });
  });

  test("--lock-wait says once whom it waits for, then takes the lock when the holder's lease expires", async () => {
    const clock = instantClock(Date.now());
    await acquireLock(table().lock, request("ana", "waiting"), { clock, every: manualTimer });
    const told: string[] = [];
    const onWaiting = (holder: { user: string }, waitMs: number) => told.push(`${holder.user} ${waitMs}`);
    const taken = await acquireLock(table().lock, request("ben", "waiting"), {
      clock,
      every: manualTimer,
      wait: LEASE_MS + 60_000,
      onWaiting,
    });
    expect(taken).toMatchObject({ ok: true, lease: { holder: { user: "ben" } } });
    expect(told).toEqual([`ana ${LEASE_MS + 60_000}`]);
  });

  test("a holder whose lease was taken over can neither renew nor release it", async () => {
    const clock = instantClock(Date.now());
    const old = (await acquireLock(table().lock, request("ana", "takeover"), { clock, every: manualTimer })) as {
      ok: true;
      lease: Lease;
    };
    await clock.sleep(LEASE_MS + 1_000);
    const next = await acquireLock(table().lock, request("ben", "takeover"), { clock, every: manualTimer });
    expect(await old.lease.renew()).toBe(false);
    expect(old.lease.lost).toBe(true);
    await old.lease.release();
    expect((await table().lock.read("takeover"))?.user).toBe("ben");
    expect(next.ok).toBe(true);
  });

  test("renewing moves the expiry, so a live holder keeps the lock past the first two minutes", async () => {
    const clock = instantClock(Date.now());
    const held = (await acquireLock(table().lock, request("ana", "renewal"), { clock, every: manualTimer })) as {
      ok: true;
      lease: Lease;
    };
    await clock.sleep(LEASE_MS - 10_000);
    expect(await held.lease.renew()).toBe(true);
    await clock.sleep(20_000);
    expect(await acquireLock(table().lock, request("ben", "renewal"), { clock, every: manualTimer })).toMatchObject({
      ok: false,
      holder: { user: "ana" },
    });
  });

  test("the lease renews itself on its timer, and tells when someone broke the lock meanwhile", async () => {
    const clock = instantClock(Date.now());
    const ticks: (() => void)[] = [];
    let lost = 0;
    const held = (await acquireLock(table().lock, request("ana", "timer"), {
      clock,
      every: (ms, tick) => (ticks.push(tick), expect(ms).toBe(30_000), () => {}),
      onLost: () => (lost += 1),
    })) as { ok: true; lease: Lease };
    await clock.sleep(30_000);
    const renewed = new Date(clock.now() + LEASE_MS).toISOString();
    ticks[0]!();
    await expect.poll(async () => (await table().lock.read("timer"))?.expiresAt).toBe(renewed);
    await table().lock.release("timer", held.lease.token);
    ticks[0]!();
    await expect.poll(() => lost).toBe(1);
    expect(held.lease.lost).toBe(true);
  });

  test("a released lock is free for the next deploy at once", async () => {
    const held = (await acquireLock(table().lock, request("ana", "release"), { every: manualTimer })) as {
      ok: true;
      lease: Lease;
    };
    await held.lease.release();
    expect(await table().lock.read("release")).toBeUndefined();
    expect((await acquireLock(table().lock, request("ben", "release"), { every: manualTimer })).ok).toBe(true);
  });

  test("the interrupt handler's releaseHeldLocks frees every lock this process holds", async () => {
    await acquireLock(table().lock, request("ana", "interrupt"), { every: manualTimer });
    await releaseHeldLocks();
    expect(await table().lock.read("interrupt")).toBeUndefined();
  });

  test("a deploy that waits takes the lock once the holder releases it", async () => {
    const clock = instantClock(Date.now());
    const held = (await acquireLock(table().lock, request("ana", "wait"), { clock, every: manualTimer })) as {
      ok: true;
      lease: Lease;
    };
    const releasing = {
      ...clock,
      sleep: async (ms: number) => {
        await clock.sleep(ms);
        await held.lease.release();
      },
    };
    const waited = await acquireLock(table().lock, request("ben", "wait"), {
      clock: releasing,
      wait: 5 * 60_000,
      every: manualTimer,
    });
    expect(waited).toMatchObject({ ok: true, lease: { holder: { user: "ben" } } });
  });

  test("an app whose table does not exist yet is told so, not that the lock is held", async () => {
    expect(
      await acquireLock(berthTable(moto.settings(), "nothing-yet").lock, request("ana"), { every: manualTimer }),
    ).toEqual({ ok: false, missingTable: true });
  });
});

describe("withEnvironmentLock against moto", () => {
  test("a second deploy fails at once naming the holder, and the lock is free once the first ends", async () => {
    const lock = table().lock;
    let inside = "";
    await withEnvironmentLock(
      lock,
      request("ana", "wrapped"),
      { missingTable: "run-unlocked", every: manualTimer },
      async () => {
        const second = withEnvironmentLock(
          lock,
          request("ben", "wrapped"),
          { missingTable: "run-unlocked", every: manualTimer },
          async () => "ran",
        );
        await expect(second).rejects.toThrow(
          /wrapped is locked: ana on ana-laptop \(berth deploy of abc1234\), since .* UTC; expires in 2m 0s/,
        );
        inside = "ran";
      },
    );
    expect(inside).toBe("ran");
    expect(await lock.read("wrapped")).toBeUndefined();
  });

  test("the lock is freed when the work fails", async () => {
    const lock = table().lock;
    const failing = withEnvironmentLock(
      lock,
      request("ana", "failing"),
      { missingTable: "run-unlocked", every: manualTimer },
      async () => {
        throw new Error("AWS refused");
      },
    );
    await expect(failing).rejects.toThrow("AWS refused");
    expect(await lock.read("failing")).toBeUndefined();
  });

  test("a first deploy brings up the app stack that holds the table, then takes the lock", async () => {
    const fresh = manifestOf("app: fresh\nservices:\n  web: { image: nginx }\n");
    const lock = berthTable(moto.settings(), "fresh").lock;
    const holder = await withEnvironmentLock(
      lock,
      request("ana"),
      {
        missingTable: { bootstrap: appStackBootstrap(fresh, cloudFormationPort(moto.settings())) },
        every: manualTimer,
      },
      async () => lock.read("production"),
    );
    expect(holder).toMatchObject({ user: "ana", command: "deploy" });
  });

  // deploy, rollback and destroy take the lock through one wrapper, guardedRelease.
  const destroying = (app: string, onUnlocked?: (reason: string) => void) => ({
    app,
    environment: "gone",
    kind: "destroy" as const,
    command: "destroy",
    version: "-",
    strategies: {},
    lockWaitMs: 0,
    ...(onUnlocked ? { onUnlocked } : {}),
  });

  test("a destroy holds the environment's lock under its own name, with no version, and is in the history", async () => {
    const { lock, history } = table();
    const { result, record } = await guardedRelease({ lock, history }, destroying("shop"), async () => ({
      ok: true,
      stacks: [],
      holder: await lock.read("gone"),
    }));
    expect(result.holder).toMatchObject({ command: "destroy", version: "" });
    expect(await lock.read("gone")).toBeUndefined();
    expect(await history.get("shop", "gone", record.id)).toMatchObject({ kind: "destroy", outcome: "succeeded" });
  });

  test("a destroy of an app never deployed by this berth (no table) runs without the lock, and says why", async () => {
    const records: ReleaseRecord[] = [];
    const history = {
      put: async (r: ReleaseRecord) => void records.push(r),
      list: async () => [],
      get: async () => undefined,
    };
    const told: string[] = [];
    const lock = berthTable(moto.settings(), "never-deployed").lock;
    const { result } = await guardedRelease(
      { lock, history },
      destroying("never-deployed", (r) => told.push(r)),
      async () => ({
        ok: true,
        stacks: [],
      }),
    );
    expect(result.ok).toBe(true);
    expect(told).toEqual([expect.stringContaining("no lock table")]);
  });
});
