import type { RegisterTaskDefinitionRequest } from "@aws-sdk/client-ecs";
import type { Manifest, SecretRef, Service } from "../manifest/types.js";
import { usesDatabase } from "./iam.js";
import { cacheVariables, connectionSecrets } from "./connections.js";
import { databaseIdentity } from "./preview-database.js";
import { envName, logicalId, stackName, taskFamily } from "../manifest/names.js";
import { collectorContainer, traceEnvironment } from "./collector.js";
import { ACCOUNT, imageOf, PARTITION, PULL_CREDENTIALS, REGION, stackOutput } from "./placeholders.js";

type NameValue = { name: string; value: string };

/** The writable /tmp of a read-only container; manifest volume names cannot contain `_`, so it never collides. */
const SCRATCH_VOLUME = "berth_tmp";
type NameValueFrom = { name: string; valueFrom: string };

/**
 * The ECS task definition berth registers at release time. Images are pinned by digest
 * (`{{image:NAME}}` becomes `repository@sha256:…`) and secrets are ARNs for ECS to
 * resolve at start — values never enter a definition.
 */
export function renderTaskDefinition(m: Manifest, s: Service): RegisterTaskDefinitionRequest {
  const Id = logicalId(s.name);
  const stack = stackName(m.app, m.environment);
  return {
    family: taskFamily(stack, s.name),
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: String(s.cpu),
    memory: String(s.memory),
    runtimePlatform: { cpuArchitecture: s.arch === "arm64" ? "ARM64" : "X86_64", operatingSystemFamily: "LINUX" },
    executionRoleArn: stackOutput(`${Id}ExecutionRoleArn`),
    taskRoleArn: stackOutput(`${Id}TaskRoleArn`),
    containerDefinitions: [
      {
        name: s.name,
        image: imageOf(s.name),
        // Built images pushed to another registry are pulled with the credentials push stored.
        ...(m.registry && s.build ? { repositoryCredentials: { credentialsParameter: PULL_CREDENTIALS } } : {}),
        essential: true,
        ...(s.command ? { command: s.command } : {}),
        ...(s.port !== undefined
          ? { portMappings: [{ name: s.name, containerPort: s.port, protocol: "tcp" as const }] }
          : {}),
        environment: environment(m, s),
        secrets: secrets(m, s),
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": stackOutput(`${Id}LogGroup`),
            "awslogs-region": REGION,
            "awslogs-stream-prefix": s.name,
          },
        },
        mountPoints: [
          ...Object.entries(s.volumes).map(([volume, path]) => ({
            sourceVolume: volume,
            containerPath: path,
            readOnly: false,
          })),
          ...(s.readOnlyRootFilesystem
            ? [{ sourceVolume: SCRATCH_VOLUME, containerPath: "/tmp", readOnly: false }]
            : []),
        ],
        stopTimeout: s.stopTimeout,
        // The manifest's fields are ECS's HealthCheck fields, already in ECS's form.
        ...(s.healthcheck ? { healthCheck: { ...s.healthcheck } } : {}),
        // A read-only root keeps a compromised process from changing the image; /tmp stays writable (task storage).
        ...(s.readOnlyRootFilesystem ? { readonlyRootFilesystem: true } : {}),
        // An init process reaps zombies and forwards SIGTERM, so graceful stops work for any app.
        linuxParameters: { initProcessEnabled: true },
      },
      ...(m.observability.traces ? [collectorContainer(m, s, stackOutput(`${Id}LogGroup`))] : []),
    ],
    volumes: [
      ...Object.keys(s.volumes).map((volume) => ({
        name: volume,
        efsVolumeConfiguration: {
          fileSystemId: stackOutput(`${logicalId(volume)}FileSystemId`),
          transitEncryption: "ENABLED" as const,
          // An existing file system is mounted at its root: berth adds no access point to it (services.ts).
          authorizationConfig: {
            ...(m.volumes[volume]?.existing ? {} : { accessPointId: stackOutput(`${logicalId(volume)}AccessPointId`) }),
            iam: "ENABLED" as const,
          },
        },
      })),
      // A bind mount without a host path is the task's own ephemeral storage (Fargate).
      ...(s.readOnlyRootFilesystem ? [{ name: SCRATCH_VOLUME }] : []),
    ],
  };
}

/** Connection settings for what the service uses, then the manifest's own env (which wins). */
function environment(m: Manifest, s: Service): NameValue[] {
  const vars: Record<string, string> = { BERTH_APP: m.app, BERTH_ENVIRONMENT: m.environment, BERTH_SERVICE: s.name };
  if (usesDatabase(s) && m.database) {
    Object.assign(vars, {
      DATABASE_HOST: stackOutput("DatabaseEndpoint"),
      DATABASE_READ_HOST: stackOutput("DatabaseReadEndpoint"),
      DATABASE_PORT: stackOutput("DatabasePort"),
      DATABASE_NAME: databaseIdentity(m, m.database).name,
    });
    // No password for berth's cluster: the application signs in as DATABASE_USER with an IAM token
    // (docs/manifest.md, "database"); an existing cluster's login comes from its secret (connections.ts).
    if (m.database.existing) vars.DATABASE_AUTH = "password";
    else Object.assign(vars, { DATABASE_USER: databaseIdentity(m, m.database).login, DATABASE_AUTH: "iam" });
  }
  for (const used of s.uses) {
    if (used in m.queues) vars[`QUEUE_${envName(used)}_URL`] = stackOutput(`${logicalId(used)}QueueUrl`);
    if (used in m.buckets) vars[`BUCKET_${envName(used)}`] = stackOutput(`${logicalId(used)}BucketName`);
  }
  Object.assign(vars, cacheVariables(m, s));
  if (m.observability.traces) Object.assign(vars, traceEnvironment(m, s));
  Object.assign(vars, s.env);
  for (const name of Object.keys(s.secrets)) delete vars[name];
  for (const secret of connectionSecrets(m, s)) delete vars[secret.variable];
  return Object.keys(vars)
    .sort()
    .map((name) => ({ name, value: vars[name]! }));
}

/** The manifest's secrets win over a connection's of the same name, as its env wins over variables. */
function secrets(m: Manifest, s: Service): NameValueFrom[] {
  const values: Record<string, string> = {};
  for (const connection of connectionSecrets(m, s)) values[connection.variable] = connection.valueFrom;
  for (const [name, r] of Object.entries(s.secrets)) values[name] = valueFrom(r);
  return Object.keys(values)
    .sort()
    .map((name) => ({ name, valueFrom: values[name]! }));
}

/** ECS reads a JSON key of a secret with `ARN:key::`; a name-only ARN (no random suffix) is accepted. */
function valueFrom(r: SecretRef): string {
  switch (r.kind) {
    case "ssm":
      return r.name.startsWith("arn:")
        ? r.name
        : `arn:${PARTITION}:ssm:${REGION}:${ACCOUNT}:parameter/${r.name.replace(/^\//, "")}`;
    case "secretsmanager": {
      const arn = r.name.startsWith("arn:")
        ? r.name
        : `arn:${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:${r.name}`;
      return r.jsonKey ? `${arn}:${r.jsonKey}::` : arn;
    }
  }
}
