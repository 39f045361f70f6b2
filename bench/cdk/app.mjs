// The reference app (examples/cassandra, production) written with CDK's ecs-patterns, to
// compare synthesis time with `berth render`. Synthesizes in memory, like `cdk synth`
// minus the CLI's own start-up, so the comparison flatters CDK if anything.
import { App, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as patterns from "aws-cdk-lib/aws-ecs-patterns";
import * as efs from "aws-cdk-lib/aws-efs";
import * as rds from "aws-cdk-lib/aws-rds";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";

const app = new App({ outdir: process.env.CDK_OUT ?? "cdk.out" });
const stack = new Stack(app, "cassandra-production", { env: { account: "123456789012", region: "eu-south-1" } });
const vpc = new ec2.Vpc(stack, "Vpc", { maxAzs: 2, natGateways: 1 });
const cluster = new ecs.Cluster(stack, "Cluster", { vpc, containerInsights: true });
const dlq = new sqs.Queue(stack, "JobsDlq", { retentionPeriod: Duration.days(14) });
const jobs = new sqs.Queue(stack, "Jobs", { visibilityTimeout: Duration.seconds(300), deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
const uploads = new s3.Bucket(stack, "Uploads", { versioned: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, removalPolicy: RemovalPolicy.RETAIN });
const media = new efs.FileSystem(stack, "Media", { vpc, encrypted: true });
const db = new rds.DatabaseCluster(stack, "Database", {
  engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
  writer: rds.ClusterInstance.serverlessV2("writer"),
  serverlessV2MinCapacity: 0.5,
  serverlessV2MaxCapacity: 8,
  vpc,
  storageEncrypted: true,
  deletionProtection: true,
});
const image = ecs.ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27");
const web = new patterns.ApplicationLoadBalancedFargateService(stack, "Web", {
  cluster,
  cpu: 512,
  memoryLimitMiB: 1024,
  desiredCount: 3,
  taskImageOptions: { image, containerPort: 8000, environment: { DJANGO_SETTINGS_MODULE: "app.settings.prod" } },
});
web.targetGroup.configureHealthCheck({ path: "/healthz", interval: Duration.seconds(5), healthyThresholdCount: 2 });
web.service.autoScaleTaskCount({ minCapacity: 3, maxCapacity: 20 }).scaleOnCpuUtilization("Cpu", { targetUtilizationPercent: 50 });
const worker = new patterns.QueueProcessingFargateService(stack, "Worker", { cluster, cpu: 1024, memoryLimitMiB: 2048, image, queue: jobs, minScalingCapacity: 0, maxScalingCapacity: 20 });
for (const service of [web.service, worker.service]) {
  uploads.grantReadWrite(service.taskDefinition.taskRole);
  db.connections.allowDefaultPortFrom(service);
  media.connections.allowDefaultPortFrom(service);
}
app.synth();
