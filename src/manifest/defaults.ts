import { DEFAULT_ENGINE_VERSIONS } from "./aurora-versions.js";

/**
 * The opinionated defaults, in one place. Health checks and draining are tuned so a
 * release takes seconds, not the minutes of the AWS defaults (30 s × 5 checks, 300 s
 * deregistration delay) that make Copilot deploys slow.
 */
export const DEFAULTS = {
  cpu: 256,
  healthcheck: {
    path: "/",
    interval: 5,
    timeout: 4,
    healthyThreshold: 2,
    unhealthyThreshold: 3,
    grace: 30,
    status: "200-399",
  },
  deregistrationDelay: 15,
  webCount: 2,
  otherCount: 1,
  scaleOnCpu: 60,
  scaleOnBacklog: 100,
  /** Longer than the release alarms need to fire (ALARM_REACTION_SECONDS), with a margin. */
  bake: 300,
  releaseTaskTimeout: 600,
  canary: { percent: 10, bake: 120 },
  linear: { percent: 25, interval: 60 },
  stopTimeout: 30,
  /** Queue workers get Fargate's longest stop timeout, so a job in hand can finish after SIGTERM. */
  workerStopTimeout: 120,
  network: { vpc: "new", azs: 2 },
  database: DEFAULT_ENGINE_VERSIONS,
  capacity: { min: 0.5, max: 4 },
  /** Release alarm: p99 target response time, seconds (templates/web-service.yml). */
  p99Latency: 3,
  queue: { visibilityTimeout: 30, retention: 4 * 24 * 3600 },
} as const;
