import type { ComposeService } from "./compose-read.js";
import type { Classified } from "./compose-roles.js";
import { berthName } from "./names.js";
import type { AdoptionReport } from "./report.js";

/** Celery's default queue name: the SQS queue that replaces the broker is called the same. */
export const CELERY_QUEUE = "celery";

/** The backing services berth does not create: Memcached, other data stores, a RabbitMQ not used by Celery. */
export function leftBackingServices(
  active: Record<string, ComposeService>,
  c: Classified,
  report: AdoptionReport,
): void {
  for (const [name, kind] of c.kinds) {
    if (!(name in active) || name === c.broker) continue;
    // A Redis or Valkey is a cache (compose-caches.ts). berth's caches speak Redis's protocol, which a
    // Memcached client does not: mapping it would deploy an app that cannot reach its cache.
    if (kind.kind === "memcached")
      report.left.push({
        item: `services.${name} (Memcached)`,
        why: "berth's caches are Valkey, which speaks Redis's protocol, not Memcached's",
        todo: `switch the app's cache client to Redis (Django: django.core.cache.backends.redis.RedisCache) and add caches: { ${berthName(name)}: {} } with uses: on its services; or run ElastiCache for Memcached outside berth and pass its address in a secret`,
      });
    else if (kind.kind === "rabbitmq")
      report.left.push({
        item: `services.${name} (RabbitMQ)`,
        why: "no Celery worker uses it, and berth has no message broker other than SQS queues",
        todo: "move the app to SQS (queues: in berth.yml), or run Amazon MQ for RabbitMQ outside berth and pass its URL in a secret",
      });
    else if (kind.kind === "other-data")
      report.left.push({
        item: `services.${name} (${kind.product})`,
        why: `berth creates PostgreSQL or MySQL (Aurora) only`,
        todo: `run ${kind.instead} outside berth and pass its URL to the services in a secret; move the data with ${kind.move}`,
      });
  }
}

export function celerySteps(broker: string, kind: string): { title: string; lines: string[] } {
  return {
    title: `Switch Celery from ${kind === "rabbitmq" ? "RabbitMQ" : "Redis"} (compose service ${broker}) to SQS`,
    lines: [
      `berth creates the SQS queue ${CELERY_QUEUE}; the worker consumes it and every service that sends tasks may, with its URL in QUEUE_CELERY_URL.`,
      "The services get CELERY_BROKER_URL=sqs:// (credentials come from the task role). In the Celery configuration:",
      '  pip install "celery[sqs]"',
      `  broker_transport_options = {"region": "<region>", "predefined_queues": {"${CELERY_QUEUE}": {"url": os.environ["QUEUE_CELERY_URL"]}}}`,
      "SQS holds no task results: a result_backend on the broker must move (django-celery-results in the database), or go if nothing reads results.",
      `Tasks already queued in ${broker} stay there: stop the producers on the VM, let its workers drain the queue, then cut over.`,
      "https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/sqs.html",
    ],
  };
}
