// Writes berth's price table (prices/<region>.json, read by src/cost/load-prices.ts) from AWS's
// Price List bulk files: offers/v1.0/aws/<offer>/current/<region>/index.json, one per service
// and Region (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-the-aws-price-list-bulk-api.html).
//
//   node scripts/price-table.mjs [--from URL-or-directory] [--out prices] [REGION ...]
//
// --from defaults to AWS's own endpoint (https://pricing.us-east-1.amazonaws.com); a directory
// laid out the same way (offers/v1.0/aws/…) works offline, as the tests use. A price no product
// matches is left out of the table and named here: berth then says it has no price for it.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const AWS_PRICE_LIST = "https://pricing.us-east-1.amazonaws.com";
export const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "eu-south-1", "ap-southeast-1"];

/**
 * Each price of src/cost/price-table.ts PRICE_KEYS: the offer that holds it, its usage type
 * without the Region prefix (USE1-, EU-, … and none for some us-east-1 products), optional
 * attributes the product must have, and what one table unit is in the offer's units.
 */
export const RULES = {
  "fargate.vcpuHour": { offer: "AmazonECS", usagetype: "Fargate-vCPU-Hours:perCPU" },
  "fargate.gbHour": { offer: "AmazonECS", usagetype: "Fargate-GB-Hours" },
  "fargate.armVcpuHour": { offer: "AmazonECS", usagetype: "Fargate-ARM-vCPU-Hours:perCPU" },
  "fargate.armGbHour": { offer: "AmazonECS", usagetype: "Fargate-ARM-GB-Hours" },
  "alb.hour": { offer: "AWSELB", usagetype: "LoadBalancerUsage", productFamily: "Load Balancer-Application" },
  "alb.lcuHour": { offer: "AWSELB", usagetype: "LCUUsage", productFamily: "Load Balancer-Application" },
  "nat.hour": { offer: "AmazonEC2", usagetype: "NatGateway-Hours" },
  "nat.gb": { offer: "AmazonEC2", usagetype: "NatGateway-Bytes" },
  "ipv4.hour": { offer: "AmazonVPC", usagetype: "PublicIPv4:InUseAddress" },
  "aurora.acuHour": {
    offer: "AmazonRDS",
    usagetype: "Aurora:ServerlessV2Usage",
    attributes: { databaseEngine: "Aurora PostgreSQL" },
  },
  "aurora.ioOptimizedAcuHour": {
    offer: "AmazonRDS",
    usagetype: "Aurora:ServerlessV2IOOptimizedUsage",
    attributes: { databaseEngine: "Aurora PostgreSQL" },
  },
  "aurora.storageGbMonth": { offer: "AmazonRDS", usagetype: "Aurora:StorageUsage" },
  "aurora.ioOptimizedStorageGbMonth": { offer: "AmazonRDS", usagetype: "Aurora:IO-OptimizedStorageUsage" },
  "aurora.ioMillion": { offer: "AmazonRDS", usagetype: "Aurora:StorageIOUsage", per: 1e6 },
  "efs.standardGbMonth": { offer: "AmazonEFS", usagetype: "TimedStorage-ByteHrs" },
  "s3.standardGbMonth": { offer: "AmazonS3", usagetype: "TimedStorage-ByteHrs" },
  "s3.putThousand": { offer: "AmazonS3", usagetype: "Requests-Tier1", per: 1e3 },
  "s3.getThousand": { offer: "AmazonS3", usagetype: "Requests-Tier2", per: 1e3 },
  "sqs.requestMillion": { offer: "AWSQueueService", usagetype: "Requests-RBP", per: 1e6 },
  "logs.ingestGb": { offer: "AmazonCloudWatch", usagetype: "DataProcessing-Bytes" },
  "logs.storageGbMonth": { offer: "AmazonCloudWatch", usagetype: "TimedStorage-ByteHrs" },
  "cloudwatch.alarmMonth": { offer: "AmazonCloudWatch", usagetype: "CW:AlarmMonitorUsage" },
  "cloudwatch.dashboardMonth": { offer: "AmazonCloudWatch", usagetype: "DashboardsUsageHour-Basic" },
  "cloudwatch.metricMonth": { offer: "AmazonCloudWatch", usagetype: "CW:MetricMonitorUsage" },
  "secrets.secretMonth": { offer: "AWSSecretsManager", usagetype: "AWSSecretsManager-Secrets" },
  "kms.keyMonth": { offer: "awskms", usagetype: "KMS-Keys" },
  "endpoint.hour": { offer: "AmazonVPC", usagetype: "VpcEndpoint-Hours" },
  "endpoint.gb": { offer: "AmazonVPC", usagetype: "VpcEndpoint-Bytes" },
  "ecr.storageGbMonth": { offer: "AmazonECR", usagetype: "TimedStorage-ByteHrs" },
  // Caches (src/cost/price-table.ts CacheNodePriceKey): the node types berth defaults to, and the next size.
  ...Object.fromEntries(
    ["cache.t4g.micro", "cache.t4g.small", "cache.t4g.medium"].map((node) => [
      `elasticache.valkeyNodeHour:${node}`,
      { offer: "AmazonElastiCache", usagetype: `NodeUsage:${node}`, attributes: { cacheEngine: "Valkey" } },
    ]),
  ),
};

export function offerUrl(from, offer, region) {
  return `${from}/offers/v1.0/aws/${offer}/current/${region}/index.json`;
}

/**
 * One Region's table from its offer files (`offers`: offer code → the parsed bulk file, absent
 * when there is none). Returns the table and the keys no product matched.
 */
export function priceTableFrom(region, offers, from = AWS_PRICE_LIST) {
  const prices = {};
  const sources = {};
  const missing = [];
  const dates = [];
  for (const [key, rule] of Object.entries(RULES)) {
    const offer = offers[rule.offer];
    const price = offer && onDemandPrice(offer, rule);
    if (price === undefined) {
      missing.push(key);
      continue;
    }
    prices[key] = Number((price * (rule.per ?? 1)).toPrecision(10));
    sources[key] = `${offerUrl(from, rule.offer, region)} (version ${offer.version})`;
    dates.push(offer.publicationDate.slice(0, 10));
  }
  const date = dates.sort().at(-1) ?? new Date().toISOString().slice(0, 10);
  const source = `AWS Price List bulk files (${from}/offers/v1.0/aws/<offer>/current/${region}/index.json), published by ${date}`;
  return { table: { region, date, source, prices, sources }, missing };
}

/** The on-demand USD price of the product the rule names; its first tier that is not free. */
function onDemandPrice(offer, rule) {
  const usage = new RegExp(`^(?:[A-Z0-9]+-)?${rule.usagetype.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  const matches = Object.values(offer.products).filter(
    (p) =>
      usage.test(p.attributes.usagetype ?? "") &&
      (rule.productFamily === undefined || p.productFamily === rule.productFamily) &&
      Object.entries(rule.attributes ?? {}).every(([k, v]) => p.attributes[k] === v),
  );
  const prices = new Set(
    matches.map((p) => firstPaidTier(offer.terms.OnDemand?.[p.sku])).filter((x) => x !== undefined),
  );
  if (prices.size > 1)
    throw new Error(
      `${offer.offerCode} ${rule.usagetype}: products disagree (${[...prices].join(", ")}); narrow the rule`,
    );
  return [...prices][0];
}

function firstPaidTier(terms) {
  const dimensions = Object.values(terms ?? {}).flatMap((term) => Object.values(term.priceDimensions));
  return dimensions
    .map((d) => ({ begin: Number(d.beginRange ?? 0), usd: Number(d.pricePerUnit.USD) }))
    .sort((a, b) => a.begin - b.begin)
    .find((d) => d.usd > 0)?.usd;
}

async function readOffer(from, offer, region) {
  const url = offerUrl(from, offer, region);
  if (!/^https?:/.test(from)) {
    try {
      return JSON.parse(readFileSync(url, "utf8"));
    } catch (error) {
      if (error.code === "ENOENT") return undefined;
      throw error;
    }
  }
  const response = await globalThis.fetch(url);
  if (response.status === 404 || response.status === 403) return undefined;
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

async function main(argv) {
  const flag = (name, fallback) => {
    const i = argv.indexOf(name);
    if (i < 0) return fallback;
    const [value] = argv.splice(i, 2).slice(1);
    return value;
  };
  const from = flag("--from", AWS_PRICE_LIST).replace(/\/$/, "");
  const out = flag("--out", "prices");
  const regions = argv.length > 0 ? argv : REGIONS;
  mkdirSync(out, { recursive: true });
  for (const region of regions) {
    const offerCodes = [...new Set(Object.values(RULES).map((r) => r.offer))];
    const offers = Object.fromEntries(
      await Promise.all(offerCodes.map(async (code) => [code, await readOffer(from, code, region)])),
    );
    const { table, missing } = priceTableFrom(region, offers, from);
    writeFileSync(join(out, `${region}.json`), `${JSON.stringify(table, null, 2)}\n`);
    const gaps = missing.length > 0 ? `; no price for ${missing.join(", ")}` : "";
    console.log(`${region}: ${Object.keys(table.prices).length} prices of ${table.date}${gaps}`);
  }
}

if (process.argv[1]?.endsWith("price-table.mjs")) await main(process.argv.slice(2));
