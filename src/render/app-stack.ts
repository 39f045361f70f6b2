import berthTable from "../../templates/berth-table.yml";
import repository from "../../templates/repository.yml";
import templateBucket from "../../templates/template-bucket.yml";
import { berthTableName, logicalId, RELEASE_TAG_PREFIX } from "../manifest/names.js";
import type { Manifest } from "../manifest/types.js";
import { TemplateBuilder, type Template } from "./template.js";

/**
 * How long a template uploaded for a change set stays in the template bucket: CloudFormation
 * reads it once, when the change set is created, so a few days covers any deploy or diff.
 */
export const TEMPLATE_EXPIRATION_DAYS = 7;

/** Images never released by any environment: the newest this many stay. */
export const UNRELEASED_IMAGES_KEPT = 200;

/**
 * The repositories' lifecycle policy. Rule 1 matches every image a release tagged, so the
 * count rule never sees them (ECR: "the first rule that matches is applied to an image",
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html); its own
 * count is ECR's way to write "keep" and is far beyond what releases accumulate.
 */
export const lifecyclePolicy = {
  rules: [
    {
      rulePriority: 1,
      description: "Keep every image a release of any environment runs or ran (tags berth-<env>-...)",
      selection: {
        tagStatus: "tagged",
        tagPrefixList: [RELEASE_TAG_PREFIX],
        countType: "imageCountMoreThan",
        countNumber: 9999,
      },
      action: { type: "expire" },
    },
    {
      rulePriority: 2,
      description: `Of images never released, keep the newest ${UNRELEASED_IMAGES_KEPT}`,
      selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: UNRELEASED_IMAGES_KEPT },
      action: { type: "expire" },
    },
  ],
};

/**
 * Shared by every environment of the app: berth's table (deploy locks and release
 * history), the bucket for templates too large to send inline, and one image repository per built service (none for an app that only runs
 * prebuilt images or pushes to another registry).
 */
export function renderAppStack(m: Manifest): Template {
  const built = m.registry ? [] : Object.values(m.services).filter((s) => s.build);
  const t = new TemplateBuilder();
  t.add(berthTable, { table: berthTableName(m.app) });
  t.add(templateBucket, { expirationDays: TEMPLATE_EXPIRATION_DAYS });
  const policy = JSON.stringify(lifecyclePolicy);
  for (const service of built)
    t.add(repository, { Id: logicalId(service.name), name: service.name, app: m.app, lifecyclePolicy: policy });
  return t.build(
    `berth: ${m.app} deploy locks, release history, large templates and images, shared by every environment. Generated from berth.yml.`,
  );
}
