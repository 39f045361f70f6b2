import type { EnvironmentPorts } from "../deployers/deploy-environment.js";
import type { DestroyPorts } from "../deployers/destroy-port.js";
import type { InfrastructureEvent } from "../deployers/infrastructure/events.js";
import type { Manifest } from "../manifest/types.js";
import type { ImageEvent } from "../images/publish.js";
import type { ImageRequest } from "../images/images.js";
import type { AwsSettings } from "../aws/settings.js";
import { accountPort } from "../aws/account-usage.js";
import { cloudFormationPort } from "../aws/cloudformation.js";
import { diagnosisPort } from "../aws/diagnosis.js";
import { sdkImageTagPort } from "../aws/ecr.js";
import { ecsReleasePort } from "../aws/ecs-release.js";
import { callerIdentity } from "../aws/identity.js";
import { listenerPriorities, listenerRules } from "../aws/listener-rules.js";
import { loadBalancerRequests } from "../aws/load-balancer-requests.js";
import { oneOffTaskPort } from "../aws/one-off-tasks.js";
import { preflightPort } from "../aws/preflight-port.js";
import { schedulePort } from "../aws/schedules.js";
import { ecsServices, releaseLeftovers, s3Buckets } from "../aws/teardown-ports.js";
import { templateStore } from "../aws/template-store.js";
import { testHeaderRotation } from "../aws/test-header.js";
import { certificateNames } from "../aws/certificate-name.js";
import { servingReads } from "../aws/serving-reads.js";
import type { PlanPorts } from "../deployers/plan/plan-port.js";
import { withLargeTemplatesInS3 } from "../deployers/infrastructure/template-upload.js";
import { deployAppStack } from "../deployers/app-stack.js";
import { readingPorts } from "../deployers/plan/reading-ports.js";
import { appStackName } from "../manifest/names.js";

/** An image request, and where AWS calls go. */
export type AwsImageRequest = ImageRequest & { aws: AwsSettings };

/**
 * The environment deployer's ports over AWS (or whatever AWS_ENDPOINT_URL points at).
 * `readOnly` (berth diff): never bring the app stack up to date for a large template's bucket.
 * `images` (--images-from): every service's image, pinned, already in its registry: nothing is built.
 */
export function awsEnvironmentPorts(
  request: AwsImageRequest,
  onImage: (event: ImageEvent) => void,
  options: { readOnly?: boolean; images?: Record<string, string>; version?: string } = {},
): EnvironmentPorts {
  let identity: ReturnType<typeof callerIdentity> | undefined;
  return {
    cloudFormation: withLargeTemplatesInS3(cloudFormationPort(request.aws), templateStore(request.aws), {
      appStackName: appStackName(request.manifest.app),
      ...(options.readOnly ? {} : { bringUp: () => request.cloud.deployAppStack() }),
    }),
    listenerRules: listenerRules(request.aws),
    listenerPriorities: listenerPriorities(request.aws),
    async pushImages() {
      const { ensurePullCredentials, pinnedImages, pushServices } = await import("../images/images.js");
      const pushed = options.images ? undefined : await pushServices(request, onImage);
      const images = options.images ?? pinnedImages(pushed!);
      const version = pushed?.version ?? options.version;
      const pullCredentials = await ensurePullCredentials(request);
      return { images, ...(pullCredentials ? { pullCredentials } : {}), ...(version ? { version } : {}) };
    },
    imageTags: sdkImageTagPort(request.aws),
    services: ecsServices(request.aws),
    preflight: preflightPort(request.aws),
    account: accountPort(request.aws),
    release: {
      checks: {
        release: ecsReleasePort(request.aws),
        smoke: loadBalancerRequests({ emulated: request.aws.endpoint !== undefined }),
        testHeader: testHeaderRotation(request.aws),
        certificateName: certificateNames(request.aws),
      },
      identity: () => (identity ??= callerIdentity(request.aws)),
      diagnosis: diagnosisPort(request.aws),
      tasks: oneOffTaskPort(request.aws),
      schedules: schedulePort(request.aws),
    },
  };
}

/** What a plan reads, and with --out the push that pins the images: never an operation that changes what runs. */
export function planPorts(request: AwsImageRequest, ports: EnvironmentPorts): PlanPorts {
  return {
    ...readingPorts(ports),
    serving: servingReads(request.aws),
    // The app stack holds the deploy lock apply takes and the image repositories: created (or
    // brought up to date) here as berth push does, never left to a change set awaiting review.
    pushImages: async () => {
      await request.cloud.deployAppStack();
      return ports.pushImages();
    },
  };
}

/**
 * `berth destroy`'s ports over AWS. The update that sets what deletion keeps is a change set
 * like a deploy's: a large environment template goes through the app stack's template bucket.
 */
export function awsDestroyPorts(
  m: Manifest,
  aws: AwsSettings,
  emit: (event: InfrastructureEvent) => void,
): DestroyPorts {
  const cloudFormation = cloudFormationPort(aws);
  return {
    cloudFormation: withLargeTemplatesInS3(cloudFormation, templateStore(aws), {
      appStackName: appStackName(m.app),
      bringUp: () => deployAppStack(m, cloudFormation, emit),
    }),
    listenerRules: listenerRules(aws),
    services: ecsServices(aws),
    buckets: s3Buckets(aws),
    leftovers: releaseLeftovers(aws),
  };
}
