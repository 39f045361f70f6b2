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
    "The cluster is reachable only from inside the VPC: restore from an ECS Exec session in one of the app's tasks,",
    "or from an instance in the VPC.",
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

export function volumeMoveSteps(volume: string, services: string[], path: string): { title: string; lines: string[] } {
  return {
    title: `Move the files of volume ${volume}`,
    lines: [
      `berth creates an empty EFS file system for ${volume}, mounted at ${path} in ${services.join(", ")}.`,
      `1. Copy the files off the VM: docker run --rm -v ${volume}:/from -v "$PWD":/to alpine tar czf /to/${volume}.tgz -C /from .`,
      `2. Upload the archive to S3 and, from an ECS Exec session in a task that mounts the volume, download and unpack it into ${path}`,
      "   (or use AWS DataSync, which copies from an NFS or SMB share to EFS: https://docs.aws.amazon.com/datasync/latest/userguide/create-efs-location.html).",
      "   Files must belong to uid/gid 1000, the access point's user (docs/manifest.md, \"volumes\").",
    ],
  };
}
