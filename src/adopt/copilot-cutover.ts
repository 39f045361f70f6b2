import { logicalId } from "../manifest/names.js";

/**
 * Moving from a Copilot application to berth without losing data: berth's environment beside
 * Copilot's, the data copied, DNS moved, then Copilot's stacks deleted with the data retained.
 * What `copilot app delete` removes is read from Copilot's own code
 * (internal/pkg/cli/app_delete.go: pipelines, every service and job stack with its add-ons,
 * every environment stack, the pipeline buckets, the application's stack set, its SSM
 * configuration, and the workspace's .workspace file).
 */

const DELETION_POLICY =
  "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html";
const MANAGED_EFS = "https://aws.github.io/copilot-cli/docs/developing/storage/";

export interface CutoverFacts {
  copilotApp: string;
  berthApp: string;
  environments: string[];
  /** Add-on resources that hold data: `copilot/api/addons/db.yml: dbCluster (AWS::RDS::DBCluster)`. */
  keep: string[];
  /** Workloads with Copilot-managed EFS volumes. */
  managedVolumes: string[];
  /** Host names Copilot's services answered (`http.alias`). */
  aliases: string[];
}

export function dataCopySteps(
  facts: CutoverFacts,
  database: "aurora-postgresql" | "aurora-mysql" | undefined,
  buckets: string[],
): { title: string; lines: string[] }[] {
  const steps: { title: string; lines: string[] }[] = [];
  if (database) {
    const postgres = database === "aurora-postgresql";
    steps.push({
      title: "Copy the database from Copilot's Aurora cluster into berth's",
      lines: [
        "1. Snapshot Copilot's cluster first: aws rds create-db-cluster-snapshot --db-cluster-identifier <cluster> --db-cluster-snapshot-identifier <app>-before-berth",
        `2. With writes stopped, dump Copilot's cluster (${postgres ? "pg_dump --format=custom --no-owner" : "mysqldump --single-transaction --routines --triggers"}) and`,
        `   restore into berth's as berth_admin (${postgres ? "pg_restore --no-owner" : "mysql"}), from a host that reaches both VPCs (peer them for the copy);`,
        "   or copy with AWS DMS, full load then ongoing replication, while Copilot still serves.",
        ...(postgres
          ? ["3. Hand the tables to the application's login: REASSIGN OWNED BY berth_admin TO berth_app;"]
          : []),
        "berth's database is in the stack's output DatabaseEndpoint; berth_admin's password in the secret DatabaseSecretArn.",
        "Or copy nothing: keep the cluster where it is with database.existing (cluster, endpoint, its secret's ARN, a security group of it),",
        "with berth's environment in Copilot's VPC (network.vpc and its subnets); berth never changes or deletes it (docs/manifest.md).",
      ],
    });
  }
  for (const bucket of buckets)
    steps.push({
      title: `Copy bucket ${bucket}`,
      lines: [
        `aws s3 sync s3://<Copilot's bucket> s3://<berth's bucket: the stack's output ${logicalId(bucket)}BucketName> (again just before the DNS move, for what changed)`,
        `Or copy nothing: buckets.${bucket}: { existing: <Copilot's bucket> } uses it where it is; berth never empties or deletes it.`,
      ],
    });
  if (facts.managedVolumes.length > 0)
    steps.push({
      title: "Copy the files of Copilot's managed EFS volumes",
      lines: [
        `${facts.managedVolumes.join(", ")} kept files in the environment's EFS file system, each service under /<service> (${MANAGED_EFS}).`,
        "Copy them into berth's volume from a task that mounts both, or with AWS DataSync (EFS to EFS), with writes stopped.",
      ],
    });
  return steps;
}

export function cutoverSteps(facts: CutoverFacts): { title: string; lines: string[] } {
  const deploys =
    facts.environments.length > 0 ? facts.environments.map((e) => `berth deploy -e ${e}`) : ["berth deploy"];
  const keep = facts.keep.length > 0 ? facts.keep : ["(no add-on in this workspace holds data)"];
  const before: string[][] = [
    [
      "In each add-on template, give the resources that hold data DeletionPolicy: Retain and UpdateReplacePolicy: Retain,",
      "then copilot svc deploy (copilot env deploy for environment add-ons), so CloudFormation leaves them:",
      ...keep.map((k) => `  - ${k}`),
      "Without it an Aurora cluster leaves only a final snapshot (CloudFormation's default for clusters), a bucket",
      `with objects makes the deletion fail, and a DynamoDB table is gone (${DELETION_POLICY}).`,
    ],
    ...(facts.managedVolumes.length > 0
      ? [
          [
            `The managed EFS file system (${facts.managedVolumes.join(", ")}) is in the environment stack, whose template Copilot`,
            "writes: take an on-demand AWS Backup of it, or update that stack with its own template (aws cloudformation",
            "get-template) plus DeletionPolicy: Retain on the AWS::EFS::FileSystem, same parameters, --capabilities CAPABILITY_IAM.",
          ],
        ]
      : []),
    [
      "Secrets: berth.yml names the same SSM parameters and Secrets Manager secrets; after the delete, berth deploy's",
      "pre-flight says if one is gone. Copy any you created with copilot secret init under a name of your own first.",
    ],
    [
      `copilot app delete --name ${facts.copilotApp}; keep what was retained until berth's copy has served for a while.`,
    ],
  ];
  return {
    title: `Cut over from Copilot (${facts.copilotApp}) to berth (${facts.berthApp}), keeping the data`,
    lines: [
      `berth's app is called ${facts.berthApp}, not ${facts.copilotApp}: both name an environment's stack <app>-<env> and the image`,
      "repositories <app>/<service>, so the same name would have berth update Copilot's stacks.",
      `1. Deploy berth beside Copilot, which keeps serving: ${deploys.join("; ")}.`,
      "2. Copy the data (the steps above), the last pass with writes stopped.",
      "3. Check berth's environment at its own address (berth status -e ENV prints it; curl -H 'Host: NAME' for host rules).",
      `4. Move DNS. ${facts.aliases.length > 0 ? `Copilot answered ${facts.aliases.join(", ")}. ` : ""}Lower the records' TTL a day ahead, then UPSERT each`,
      "   name as an alias to berth's load balancer (the environment stack's output LoadBalancerDns) with",
      "   aws route53 change-resource-record-sets. HTTPS needs certificate: in berth.yml first: an ACM certificate that",
      "   Copilot's environment stack requested goes with that stack, so request one of your own (DNS validation).",
      "5. Retain the data, then delete Copilot. `copilot app delete` deletes every service and job stack with its add-ons,",
      '   every environment stack (VPC, load balancer, cluster, and the managed EFS file system, which "persists until you',
      "   delete your environment\"), the pipelines and their buckets, the application's stack set (ECR repositories and",
      "   images), its SSM configuration, and copilot/.workspace. Before running it:",
      ...before.flatMap((lines, i) => lines.map((line, j) => `${j === 0 ? `   ${"abcd"[i]}. ` : "      "}${line}`)),
    ],
  };
}
