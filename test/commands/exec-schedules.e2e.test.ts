import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand } from "@aws-sdk/client-cloudformation";
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { awsEnvironmentPorts } from "../../src/commands/environment-ports.js";
import { deployEnvironment } from "../../src/deployers/deploy-environment.js";
import { awsImageRequest } from "../helpers/aws-image-request.js";
import { berthAsync } from "../helpers/berth-cli.js";
import { simulatedClock, useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

// An environment with a schedule and ECS Exec, deployed into the sandbox; then the CLI as a user runs it.

const IMAGE =
  "public.ecr.aws/docker/library/nginx@sha256:65645c7bb6a0661892a8b03b89d0743208a18dd2f3f17a54ef4b76fb8e2f2a10";
const TEXT = `app: chores
exec: true
services:
  web: { image: "${IMAGE}", port: 80, http: {} }
  worker: { image: "${IMAGE}" }
schedules:
  nightly-report: { service: worker, command: [python, manage.py, report], cron: "0 3 * * *", timezone: Europe/Rome }
`;
// One-off tasks (berth run) take about 30 s of simulated time: 30 times faster, about a second.
const sandbox = useSandbox({ speed: 30 });
const dir = mkdtempSync(join(tmpdir(), "berth-exec-"));
const file = join(dir, "berth.yml");
const aws = () => ({ region: sandbox().region, endpoint: sandbox().endpoint });
const berth = (...args: string[]) => berthAsync([...args, "-f", file], { ...sandbox().environment, CI: "true" });
let deployed: boolean;

beforeAll(async () => {
  writeFileSync(file, TEXT);
  const m = manifestOf(TEXT);
  const ports = awsEnvironmentPorts(awsImageRequest(m, aws(), { manifestDir: dir }), () => {});
  const outcome = await deployEnvironment(m, ports, {
    confirm: async () => true,
    clock: simulatedClock(sandbox),
    pollMs: 1,
    releasePollMs: 5_000,
  });
  deployed = outcome.ok;
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("schedules and exec in the sandbox", () => {
  test("the environment deploys with its schedule group and the worker's schedule", async () => {
    expect(deployed).toBe(true);
    const cf = new CloudFormationClient(aws());
    const env = await cf.send(new DescribeStacksCommand({ StackName: "chores-default" }));
    expect(env.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === "ScheduleGroupName")?.OutputValue).toBeTruthy();
    const worker = await cf.send(new GetTemplateCommand({ StackName: "chores-default-worker" }));
    // moto's CloudFormation has no Scheduler model: the schedule is stood in for (src/sandbox/stand-ins.ts), its role is
    // real; GetTemplate answers with the template berth sent.
    const resources = (
      JSON.parse(worker.TemplateBody ?? "{}") as {
        Resources: Record<string, { Type: string; Properties: { Value?: string } }>;
      }
    ).Resources;
    expect(resources.NightlyReportSchedule?.Type).toBe("AWS::Scheduler::Schedule");
    expect(resources.WorkerSchedulerRole?.Type).toBe("AWS::IAM::Role");
  });

  test("the services have ECS Exec on, and so do their tasks", async () => {
    const ecs = new ECSClient(aws());
    const { services } = await ecs.send(new DescribeServicesCommand({ cluster: "chores-default", services: ["web"] }));
    expect(services?.[0]?.enableExecuteCommand).toBe(true);
    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster: "chores-default", serviceName: "web" }));
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: "chores-default", tasks: taskArns ?? [] }));
    expect(tasks?.[0]?.enableExecuteCommand).toBe(true);
  });

  test("berth exec says plainly that the sandbox runs no containers", async () => {
    const run = await berth("exec", "web");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("the berth sandbox runs no containers, so there is no shell to open");
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  test("berth run --schedule runs the schedule's command now, in the schedule's task group", async () => {
    const run = await berth("run", "--schedule", "nightly-report");
    expect(run.stderr.replace(/^note: this is Node\.js .*\n/m, "")).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('running "python manage.py report"');
    const releases = await berth("releases", "--json");
    const { releases: records } = JSON.parse(releases.stdout) as {
      releases: { run?: { command: string[]; taskArn?: string } }[];
    };
    const recorded = records.find((r) => r.run?.command.join(" ") === "python manage.py report");
    const ecs = new ECSClient(aws());
    const { tasks } = await ecs.send(
      new DescribeTasksCommand({ cluster: "chores-default", tasks: [recorded!.run!.taskArn!] }),
    );
    expect(tasks?.[0]?.group).toBe("berth-schedule:nightly-report");
  }, 120_000);

  test("berth run --schedule of a schedule that is not there says which are", async () => {
    const run = await berth("run", "--schedule", "nightly-reprot");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("there is no schedule nightly-reprot");
    expect(run.stderr).toContain("did you mean nightly-report?");
  });

  test("berth diff says that turning exec off releases the services", async () => {
    writeFileSync(join(dir, "off.yml"), TEXT.replace("exec: true", "exec: false"));
    const run = await berthAsync(["diff", "-f", join(dir, "off.yml")], { ...sandbox().environment, CI: "true" });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("exec: ECS Exec turns off for web, worker; deploy releases them");
  });

  test("berth status lists the schedule with its next run in Rome", async () => {
    const run = await berth("status");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^ {2}schedule nightly-report: 0 3 \* \* \* runs worker, next \d{4}-\d\d-\d\d 03:00 Europe\/Rome \(\d{4}-\d\d-\d\d 0[12]:00 UTC\)$/m,
    );
  });
});
