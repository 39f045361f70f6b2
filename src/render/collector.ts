import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import type { Manifest, Service } from "../manifest/types.js";
import { COLLECTOR_SIZE } from "../manifest/fargate.js";
import { logicalId, serviceLogGroupName } from "../manifest/names.js";
import { getAtt } from "./template.js";
import { REGION, VERSION } from "./placeholders.js";

/**
 * OpenTelemetry traces (`observability.traces`): the AWS Distro for OpenTelemetry collector
 * beside each service's container, receiving OTLP on localhost and sending traces to X-Ray
 * and metrics to CloudWatch (docs/manifest.md, "observability").
 * https://aws-otel.github.io/docs/setup/ecs, https://gallery.ecr.aws/aws-observability/aws-otel-collector
 */
export const COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0";
export const COLLECTOR_CONTAINER = "otel-collector";

// What the collector reserves of the task (COLLECTOR_SIZE): its memory is a hard limit, with the
// collector's memory limiter below it so it sheds data before ECS would stop it. The application
// keeps at least Fargate's smallest task beside it (src/manifest/rules/observability-rules.ts).
const MEMORY_LIMIT_MIB = 200;

/** OTLP over HTTP on the task's loopback: containers of an awsvpc task share it, and nothing outside reaches it. */
const OTLP_HTTP = "127.0.0.1:4318";
const OTLP_GRPC = "127.0.0.1:4317";

/**
 * The collector's configuration, passed whole in AOT_CONFIG_CONTENT (the image's bundled
 * `--config=/etc/ecs/ecs-default-config.yaml` listens on every interface and sends metrics to
 * a log group of its own). Metrics go out as embedded metric format into the service's own
 * log group, from which CloudWatch extracts them: logs writes, no cloudwatch:PutMetricData.
 * https://aws-otel.github.io/docs/getting-started/cloudwatch-metrics, https://aws-otel.github.io/docs/getting-started/x-ray
 */
export function collectorConfig(m: Manifest, s: Service): string {
  const pipeline = (exporter: string) =>
    `{ receivers: [otlp], processors: [memory_limiter, batch], exporters: [${exporter}] }`;
  return [
    "receivers:",
    `  otlp: { protocols: { grpc: { endpoint: "${OTLP_GRPC}" }, http: { endpoint: "${OTLP_HTTP}" } } }`,
    "processors:",
    `  memory_limiter: { check_interval: 1s, limit_mib: ${MEMORY_LIMIT_MIB} }`,
    "  batch: {}",
    "exporters:",
    "  awsxray: {}",
    `  awsemf: { namespace: "berth/${m.app}", log_group_name: "${serviceLogGroupName(m.app, m.environment, s.name)}", log_stream_name: "otel-metrics/{TaskId}" }`,
    "service:",
    "  pipelines:",
    `    traces: ${pipeline("awsxray")}`,
    `    metrics: ${pipeline("awsemf")}`,
    "",
  ].join("\n");
}

/**
 * The collector's container. Not essential: a collector that stops loses telemetry, never
 * the application's requests, and ECS keeps the task running; the load balancer's health
 * check and berth's pause-hook checks look at the application's container alone.
 */
export function collectorContainer(m: Manifest, s: Service, logGroup: string): ContainerDefinition {
  return {
    name: COLLECTOR_CONTAINER,
    image: COLLECTOR_IMAGE,
    essential: false,
    cpu: COLLECTOR_SIZE.cpu,
    memory: COLLECTOR_SIZE.memory,
    environment: [
      { name: "AOT_CONFIG_CONTENT", value: collectorConfig(m, s) },
      { name: "AWS_REGION", value: REGION },
    ],
    logConfiguration: {
      logDriver: "awslogs",
      options: { "awslogs-group": logGroup, "awslogs-region": REGION, "awslogs-stream-prefix": COLLECTOR_CONTAINER },
    },
  };
}

/**
 * What the application's OpenTelemetry SDK reads (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/):
 * where the collector listens, and who is speaking — service, environment and the version of
 * the release that registered the task definition.
 */
export function traceEnvironment(m: Manifest, s: Service): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://${OTLP_HTTP}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_SERVICE_NAME: s.name,
    OTEL_RESOURCE_ATTRIBUTES: [
      `service.name=${s.name}`,
      `service.namespace=${m.app}`,
      `deployment.environment=${m.environment}`,
      `service.version=${VERSION}`,
    ].join(","),
  };
}

/**
 * What the collector writes with the task role, and nothing more: trace segments and the
 * X-Ray sampling rules an SDK's remote sampler asks for (X-Ray's actions take no resource:
 * https://docs.aws.amazon.com/xray/latest/devguide/security_iam_service-with-iam.html), and the
 * embedded-metric-format lines into the service's own log group.
 */
export function collectorStatements(s: Service): Record<string, unknown>[] {
  return [
    {
      Sid: "SendTraces",
      Effect: "Allow",
      Action: [
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:GetSamplingStatisticSummaries",
      ],
      Resource: "*",
    },
    {
      Sid: "SendMetrics",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: getAtt(`${logicalId(s.name)}LogGroup`, "Arn"),
    },
  ];
}
