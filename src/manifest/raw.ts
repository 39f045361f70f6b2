// The manifest as written, after the shape check: every key optional, only values that
// passed their own type check present. Rules read this; normalize fills the defaults.

import type { HealthCheck, Network, Scaling, SmokeCheck } from "./types.js";

// Lists keep a hole (undefined) where an item failed its check, so indexes still match positions.
export interface RawManifest {
  app?: string;
  region?: string;
  registry?: string;
  network?: Partial<Network>;
  certificate?: string;
  alerts?: string[];
  accessLogs?: boolean;
  deploy?: { atomic?: boolean };
  /** Seconds; previews only. */
  expires?: number;
  domain?: string;
  services?: Record<string, RawService>;
  database?: {
    engine?: "aurora-postgresql" | "aurora-mysql";
    version?: string;
    name?: string;
    capacity?: { min?: number; max?: number };
    readers?: number;
    readerRole?: "failover" | "read-scaling";
    insights?: boolean;
  };
  queues?: Record<string, { visibilityTimeout?: number; retention?: number; deadLetter?: { maxReceives?: number } }>;
  buckets?: Record<string, { versioned?: boolean }>;
  volumes?: Record<string, Record<string, never>>;
  schedules?: Record<string, RawSchedule>;
  exec?: boolean;
  overrides?: { op?: "add" | "remove" | "replace"; path?: string; value?: unknown }[];
  environments?: Record<string, Omit<RawManifest, "app" | "environments">>;
}

export interface RawService {
  build?: string | { context?: string; dockerfile?: string; target?: string; args?: Record<string, string> };
  image?: string;
  port?: number;
  cpu?: number;
  memory?: number;
  arch?: "amd64" | "arm64";
  command?: string[];
  release?: (string | undefined)[] | { command?: (string | undefined)[]; timeout?: number };
  http?: {
    path?: string;
    host?: string;
    healthcheck?: Partial<HealthCheck>;
    deregistrationDelay?: number;
    loadBalancer?: string;
  };
  queue?: string;
  count?: number | Partial<Scaling>;
  deploy?: {
    strategy?: "bluegreen" | "canary" | "linear" | "rolling";
    canary?: { percent?: number; bake?: number };
    linear?: { percent?: number; interval?: number };
    bake?: number;
    p99Latency?: number;
    smoke?: Partial<SmokeCheck>[];
  };
  env?: Record<string, string>;
  secrets?: Record<string, string>;
  volumes?: Record<string, string>;
  uses?: (string | undefined)[];
  stopTimeout?: number;
  healthcheck?: {
    command?: string | string[];
    interval?: number;
    timeout?: number;
    retries?: number;
    startPeriod?: number;
  };
  readOnlyRootFilesystem?: boolean;
  egress?: "all" | "https";
}

export interface RawSchedule {
  service?: string;
  command?: string[];
  cron?: string;
  rate?: number;
  timezone?: string;
}
