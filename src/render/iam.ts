import type { Manifest, SecretRef, Service } from "../manifest/types.js";
import { connectResource } from "./database-login.js";
import { connectionSecrets } from "./connections.js";
import { databaseIdentity } from "./preview-database.js";
import { logicalId, pullSecretName } from "../manifest/names.js";
import { getAtt, ref, sub } from "./template.js";
import { collectorStatements } from "./collector.js";

type Statement = Record<string, unknown>;

/** Only ECS tasks of this account may assume the roles (confused-deputy protection). */
export const taskTrustPolicy = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "ecs-tasks.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": ref("AWS::AccountId") },
        ArnLike: { "aws:SourceArn": sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*") },
      },
    },
  ],
};

/** What ECS needs to start the task: its image, its log group, exactly its secrets. */
export function executionStatements(m: Manifest, s: Service): Statement[] {
  const id = logicalId(s.name);
  const statements: Statement[] = [
    {
      Sid: "WriteLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: getAtt(`${id}LogGroup`, "Arn"),
    },
  ];
  if (s.build && m.registry) {
    const secret = pullSecretName(m.app, m.registry.split("/")[0]!);
    statements.push({
      Sid: "ReadRegistryCredentials",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: sub(`arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${secret}-??????`),
    });
  } else if (s.build) {
    statements.push(
      {
        Sid: "PullImage",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        Resource: sub(`arn:\${AWS::Partition}:ecr:\${AWS::Region}:\${AWS::AccountId}:repository/${m.app}/${s.name}`),
      },
      // GetAuthorizationToken cannot be scoped to a repository (IAM: it has no resource type).
      { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    );
  }
  const secrets = Object.values(s.secrets);
  const managed = uniqueNames(secrets, "secretsmanager").map(secretArn);
  const parameters = uniqueNames(secrets, "ssm").map(parameterArn);
  if (managed.length > 0) {
    statements.push({
      Sid: "ReadSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: managed,
    });
  }
  if (parameters.length > 0) {
    statements.push({ Sid: "ReadParameters", Effect: "Allow", Action: "ssm:GetParameters", Resource: parameters });
  }
  const connections = uniqueValues(connectionSecrets(m, s).map((c) => c.secretArn));
  if (connections.length > 0) {
    statements.push({
      Sid: "ReadConnectionSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: connections,
    });
  }
  return statements;
}

/** What the application may reach: its queues, buckets and volumes, nothing else. */
export function taskPolicies(m: Manifest, s: Service): unknown[] | undefined {
  const statements: Statement[] = [];
  if (usesDatabase(s) && m.database && !m.database.existing) {
    // The application login, by IAM token: nothing the task holds goes stale when RDS rotates the master secret.
    statements.push({
      Sid: "ConnectToDatabase",
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: connectResource(databaseIdentity(m, m.database).login),
    });
  }
  const queues = s.uses.filter((u) => u in m.queues);
  const buckets = s.uses.filter((u) => u in m.buckets);
  // Producers send; only the service whose `queue:` it is receives and deletes (it may send too: retries, chains).
  const sent = queues.filter((q) => q !== s.queue);
  if (sent.length > 0) {
    statements.push({
      Sid: "SendToQueues",
      Effect: "Allow",
      Action: ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
      Resource: sent.map(queueArn),
    });
  }
  if (s.queue !== undefined && s.queue in m.queues) {
    statements.push({
      Sid: "ConsumeQueue",
      Effect: "Allow",
      Action: [
        "sqs:SendMessage",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
      ],
      Resource: queueArn(s.queue),
    });
  }
  if (buckets.length > 0) {
    statements.push({
      Sid: "ListBuckets",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: buckets.map((b) => bucketArn(m, b)),
    });
    statements.push({
      Sid: "UseObjects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
      Resource: buckets.map((b) => objectsArn(m, b)),
    });
  }
  if (s.queue) {
    // A worker protects itself from scale-in while it holds a job ($ECS_AGENT_URI/task-protection/v1/state):
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-scale-in-protection.html
    statements.push({
      Sid: "ProtectFromScaleIn",
      Effect: "Allow",
      Action: ["ecs:UpdateTaskProtection", "ecs:GetTaskProtection"],
      Resource: sub(`arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}:task/\${Cluster}/*`),
    });
  }
  if (m.exec) statements.push(EXEC_STATEMENT);
  if (m.observability.traces) statements.push(...collectorStatements(s));
  return statements.length === 0
    ? undefined
    : [{ PolicyName: "app-resources", PolicyDocument: { Version: "2012-10-17", Statement: statements } }];
}

const queueArn = (queue: string) => getAtt(`${logicalId(queue)}Queue`, "Arn");

/** An existing bucket's ARN is its name's; a berth-made one's comes from the environment stack. */
function bucketArn(m: Manifest, bucket: string): unknown {
  const existing = m.buckets[bucket]?.existing;
  return existing ? sub(`arn:\${AWS::Partition}:s3:::${existing}`) : getAtt(`${logicalId(bucket)}Bucket`, "Arn");
}

function objectsArn(m: Manifest, bucket: string): unknown {
  const existing = m.buckets[bucket]?.existing;
  return existing ? sub(`arn:\${AWS::Partition}:s3:::${existing}/*`) : sub(`\${${logicalId(bucket)}Bucket.Arn}/*`);
}

/**
 * ECS Exec: the SSM agent in the task opens its channels with the task role; the actions
 * take no resource (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html#ecs-exec-required-iam-permissions).
 */
export const EXEC_ACTIONS = [
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
];

const EXEC_STATEMENT: Statement = { Sid: "EcsExec", Effect: "Allow", Action: EXEC_ACTIONS, Resource: "*" };

export function usesDatabase(s: Service): boolean {
  return s.uses.includes("database");
}

function uniqueValues(values: unknown[]): unknown[] {
  const seen = new Map(values.map((v) => [JSON.stringify(v), v]));
  return [...seen.values()];
}

function uniqueNames(refs: SecretRef[], kind: "secretsmanager" | "ssm"): string[] {
  return [...new Set(refs.flatMap((r) => (r.kind === kind ? [r.name] : [])))];
}

/** A secret's ARN pattern from its name; `-??????` matches the random suffix AWS appends to secret ARNs. */
function secretArn(name: string): unknown {
  return name.startsWith("arn:")
    ? name
    : sub(`arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${name}-??????`);
}

function parameterArn(name: string): unknown {
  return name.startsWith("arn:")
    ? name
    : sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${name.replace(/^\//, "")}`);
}
