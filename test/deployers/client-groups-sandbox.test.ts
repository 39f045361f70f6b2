import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { logicalId } from "../../src/manifest/names.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";

const sandbox = useSandbox();

// The database and the volume admit only their client groups (templates/database.yml, templates/volume.yml):
// the groups reach ECS through the release's CreateService/UpdateService network configuration.

test("a deployed service's tasks carry the client groups of the database and volume it reaches, and only those", async () => {
  const m = manifestOf(
    [
      "app: clients",
      "services:",
      `  api: { image: "${IMAGE}", uses: [database] }`,
      `  files: { image: "${IMAGE}", volumes: { media: /mnt/media } }`,
      `  plain: { image: "${IMAGE}" }`,
      "database: { engine: aurora-postgresql }",
      "volumes: { media: {} }",
      "",
    ].join("\n"),
  );
  const aws = { region: sandbox().region, endpoint: sandbox().endpoint };
  const outcome = await deployEnvironment(
    m,
    awsEnvironmentPorts(awsImageRequest(m, aws), () => {}),
    {
      confirm: async () => true,
      clock: simulatedClock(sandbox),
      pollMs: 1,
      releasePollMs: 5_000,
    },
  );
  expect(outcome.ok, JSON.stringify(outcome.stacks)).toBe(true);

  const stacks = cloudFormationPort(aws);
  const environment = (await stacks.describeStack("clients-default"))?.outputs ?? {};
  const output = (name: string) => {
    expect(environment[name], name).toMatch(/^sg-/);
    return environment[name]!;
  };
  const own = async (service: string) =>
    (await stacks.describeStack(`clients-default-${service}`))?.outputs?.[`${logicalId(service)}SecurityGroup`];
  const ecs = new ECSClient(aws);
  const described = await ecs.send(
    new DescribeServicesCommand({ cluster: "clients-default", services: ["api", "files", "plain"] }),
  );
  const groups = Object.fromEntries(
    (described.services ?? []).map((s) => [s.serviceName, s.networkConfiguration?.awsvpcConfiguration?.securityGroups]),
  );
  expect(groups).toEqual({
    api: [await own("api"), output("DatabaseClientSecurityGroup")],
    files: [await own("files"), output("MediaClientSecurityGroup")],
    plain: [await own("plain")],
  });
}, 120_000);
