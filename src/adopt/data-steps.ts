/**
 * How the data gets from the VM into what berth creates. berth moves no data itself: the
 * steps are printed, with the tools each engine's documentation names.
 */

const DMS = "https://docs.aws.amazon.com/dms/latest/userguide/CHAP_GettingStarted.html";

export function databaseMoveSteps(
  engine: "aurora-postgresql" | "aurora-mysql",
  from: { service: string; database: string; user: string },
): { title: string; lines: string[] } {
  const common = [
    "berth deploy creates the cluster empty; its endpoint is the environment stack's output DatabaseEndpoint and the",
    "master user's password is in the secret named by its output DatabaseSecretArn (user berth_admin).",
    "The cluster admits only its client security group (output DatabaseClientSecurityGroup): restore from a temporary",
    "EC2 instance in the environment's VPC that has that group, reached with Session Manager, and remove it after.",
  ];
  if (engine === "aurora-postgresql") {
    return {
      title: `Move the PostgreSQL data of compose service ${from.service} (database ${from.database})`,
      lines: [
        ...common,
        `1. Stop writes (maintenance page, workers stopped), then dump on the VM:`,
        `   docker compose exec -T ${from.service} pg_dump -U ${from.user} --format=custom --no-owner --no-privileges ${from.database} > ${from.database}.dump`,
        `2. Restore into Aurora as berth_admin:`,
        `   pg_restore --no-owner --no-privileges -h <DatabaseEndpoint> -U berth_admin -d <database.name> ${from.database}.dump`,
        `3. Hand the tables to the application's login: psql … -c 'REASSIGN OWNED BY berth_admin TO berth_app;'`,
        `4. Compare row counts of the largest tables on both sides before moving traffic.`,
        `To copy while the VM keeps serving, use AWS DMS (full load, then ongoing replication) instead: ${DMS}`,
      ],
    };
  }
  return {
    title: `Move the MySQL data of compose service ${from.service} (database ${from.database})`,
    lines: [
      ...common,
      `1. Stop writes, then dump on the VM:`,
      `   docker compose exec -T ${from.service} mysqldump -u ${from.user} -p --single-transaction --routines --triggers --events --set-gtid-purged=OFF ${from.database} > ${from.database}.sql`,
      `2. Restore into Aurora as berth_admin:`,
      `   mysql -h <DatabaseEndpoint> -u berth_admin -p <database.name> < ${from.database}.sql`,
      `3. Compare row counts of the largest tables on both sides before moving traffic.`,
      `To copy while the VM keeps serving, use AWS DMS (full load, then ongoing replication) instead: ${DMS}`,
    ],
  };
}

export function volumeMoveSteps(
  volume: string,
  services: string[],
  from: { service: string; path: string },
): { title: string; lines: string[] } {
  const path = from.path;
  return {
    title: `Move the files of volume ${volume}`,
    lines: [
      `berth creates an empty EFS file system for ${volume}, mounted at ${path} in ${services.join(", ")}.`,
      `1. Copy the files off the VM: docker compose cp ${from.service}:${path} ./${volume} && tar czf ${volume}.tgz -C ${volume} .`,
      '2. The file system admits only the task roles of the services that mount it (docs/manifest.md, "volumes"), so',
      "   unpack from inside one: upload the archive to a bucket of the app, add for one deploy a service that mounts",
      `   ${volume} and uses that bucket, with command: [sh, -c, "aws s3 cp s3://<bucket>/${volume}.tgz - | tar xz -C ${path}"]`,
      "   (an image with the AWS CLI and a shell and no ENTRYPOINT: FROM amazon/aws-cli, ENTRYPOINT []), then remove it.",
      '   Files must belong to uid/gid 1000, the access point\'s user (docs/manifest.md, "volumes").',
    ],
  };
}
