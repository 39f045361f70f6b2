/**
 * The prices berth ships (prices/<region>.json, written by scripts/price-table.mjs from AWS's
 * Price List bulk files): on-demand USD list prices of what berth renders, one file per Region,
 * with the date and source of its prices. A price a Region's table lacks is left out, never
 * guessed: the estimate names it as missing (docs/architecture.md, "Cost").
 */
export const PRICE_KEYS = {
  "fargate.vcpuHour": "Fargate Linux/x86 per vCPU-hour",
  "fargate.gbHour": "Fargate Linux/x86 per GB-hour",
  "fargate.armVcpuHour": "Fargate Linux/ARM per vCPU-hour",
  "fargate.armGbHour": "Fargate Linux/ARM per GB-hour",
  "alb.hour": "Application Load Balancer per hour",
  "alb.lcuHour": "Application Load Balancer per LCU-hour",
  "nat.hour": "NAT gateway per hour",
  "nat.gb": "NAT gateway per GB processed",
  "ipv4.hour": "public IPv4 address per hour",
  "aurora.acuHour": "Aurora Serverless v2 per ACU-hour",
  "aurora.ioOptimizedAcuHour": "Aurora Serverless v2 (I/O-Optimized) per ACU-hour",
  "aurora.storageGbMonth": "Aurora storage per GB-month",
  "aurora.ioOptimizedStorageGbMonth": "Aurora storage (I/O-Optimized) per GB-month",
  "aurora.ioMillion": "Aurora I/O per million requests",
  "efs.standardGbMonth": "EFS Standard storage per GB-month",
  "s3.standardGbMonth": "S3 Standard storage per GB-month",
  "s3.putThousand": "S3 PUT, COPY, POST, LIST per 1,000 requests",
  "s3.getThousand": "S3 GET per 1,000 requests",
  "sqs.requestMillion": "SQS standard queue per million requests",
  "logs.ingestGb": "CloudWatch Logs ingestion per GB",
  "logs.storageGbMonth": "CloudWatch Logs storage per GB-month",
  "cloudwatch.alarmMonth": "CloudWatch standard alarm per month",
  "cloudwatch.dashboardMonth": "CloudWatch dashboard per month",
  "cloudwatch.metricMonth":
    "CloudWatch custom metric per month (first 10,000; Container Insights bills its metrics so)",
  "xray.traceMillion": "X-Ray traces recorded per million",
  "secrets.secretMonth": "Secrets Manager secret per month",
  "kms.keyMonth": "KMS customer managed key per month",
  "endpoint.hour": "VPC interface endpoint per AZ-hour",
  "endpoint.gb": "VPC interface endpoint per GB processed",
  "ecr.storageGbMonth": "ECR storage per GB-month",
} as const;

/**
 * ElastiCache for Valkey bills per node-hour, a price per node type: one key each, such as
 * `elasticache.valkeyNodeHour:cache.t4g.small`. A node type the table does not list is missing.
 */
export type CacheNodePriceKey = `elasticache.valkeyNodeHour:${string}`;

export type PriceKey = keyof typeof PRICE_KEYS | CacheNodePriceKey;

const CACHE_NODE_KEY = /^elasticache\.valkeyNodeHour:cache\.[a-z0-9]+\.[a-z0-9]+$/;

export function cacheNodePriceKey(nodeType: string): CacheNodePriceKey {
  return `elasticache.valkeyNodeHour:${nodeType}`;
}

/** What a price is, for people: PRICE_KEYS's words, or the cache node type's. */
export function priceLabel(key: PriceKey): string {
  if (key in PRICE_KEYS) return PRICE_KEYS[key as keyof typeof PRICE_KEYS];
  return `ElastiCache for Valkey ${key.slice(key.indexOf(":") + 1)} per node-hour`;
}

export interface PriceTable {
  region: string;
  /** When these prices were published (YYYY-MM-DD). */
  date: string;
  /** Where they come from: AWS's Price List bulk files, or the pages each was read from. */
  source: string;
  prices: Partial<Record<PriceKey, number>>;
  /** Per price, where it was read, when not the table's own source. */
  sources?: Partial<Record<PriceKey, string>>;
}

/** A table as read from disk, checked: unknown keys and non-numbers are a broken package, not a price. */
export function checkPriceTable(value: unknown, file: string): PriceTable {
  const table = value as PriceTable;
  const fail = (what: string) => {
    throw new Error(`${file}: ${what}`);
  };
  if (typeof table?.region !== "string" || typeof table.date !== "string" || typeof table.source !== "string")
    fail("needs region, date and source");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(table.date)) fail(`date ${table.date} is not YYYY-MM-DD`);
  for (const [key, price] of Object.entries(table.prices ?? {})) {
    if (!(key in PRICE_KEYS) && !CACHE_NODE_KEY.test(key)) fail(`unknown price ${key}`);
    if (typeof price !== "number" || !(price >= 0)) fail(`price ${key} is not a number`);
  }
  return table;
}
