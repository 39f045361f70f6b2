import { describe, expect, test } from "vitest";
import type { TargetGroupMinute } from "../../../src/sandbox/simulator/published-metrics.js";
import { advanceUntil, BLUE, GREEN, MINUTE, release, settledService } from "./helpers.js";

// No alarms watched: a faulty version bakes with production traffic, as when no alarm catches it.
const blueGreen = { strategy: "BLUE_GREEN" as const, bakeTimeInMinutes: 10 };
const ofGroup = (minutes: ReturnType<ReturnType<typeof settledService>["takeMetrics"]>, group: string) =>
  minutes.filter((m): m is TargetGroupMinute => m.kind === "target-group" && m.targetGroupArn === group);

describe("the metrics simulated services publish", () => {
  test("each minute: the serving target group's requests, 5xx and response times, and the service's CPU and memory", () => {
    const sim = settledService(blueGreen);
    sim.takeMetrics();
    sim.clock.advance(3 * MINUTE);
    const minutes = sim.takeMetrics();
    const blue = ofGroup(minutes, BLUE);
    expect(blue).toHaveLength(3);
    for (const m of blue) {
      expect(m.at % MINUTE).toBe(0);
      expect(m.requests).toBeGreaterThan(0);
      expect(m.errors).toBe(0);
      expect(m.latency.max).toBeLessThan(0.5);
    }
    expect(ofGroup(minutes, GREEN)).toEqual([]);
    const service = minutes.filter((m) => m.kind === "service");
    expect(service).toHaveLength(3);
    expect(service[0]).toMatchObject({ clusterName: "app", serviceName: "web" });
  });

  test("a faulty version (BERTH_SANDBOX_FAIL) answers worse once it takes production traffic: more 5xx, slower, busier", () => {
    const sim = settledService(blueGreen, { newTaskFault: "alarm" });
    const arn = release(sim);
    advanceUntil(sim, arn, (d) => d.lifecycleStage === "BAKE_TIME");
    sim.takeMetrics();
    sim.clock.advance(3 * MINUTE);
    const minutes = sim.takeMetrics();
    const green = ofGroup(minutes, GREEN);
    expect(green.length).toBeGreaterThan(0);
    for (const m of green) {
      expect(m.errors / m.requests).toBeGreaterThan(0.2);
      expect(m.latency.max).toBeGreaterThan(2);
    }
    expect(ofGroup(minutes, BLUE)).toEqual([]);
    const cpu = minutes.flatMap((m) => (m.kind === "service" ? [m.cpu] : []));
    // A healthy service stays within 18 ± 8%; half its tasks faulty add 20 points.
    expect(Math.min(...cpu)).toBeGreaterThan(30);
  });
});
