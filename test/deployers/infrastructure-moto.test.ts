import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import {
  deployInfrastructure,
  type InfrastructureOptions,
} from "../../src/deployers/infrastructure/deploy-infrastructure.js";
import type { Confirmation, InfrastructureEvent } from "../../src/deployers/infrastructure/events.js";
import { instantClock } from "../helpers/instant-clock.js";
import { useMotoServer } from "../helpers/moto-server.js";

const moto = useMotoServer();
const template = (name: string) => readFileSync(new URL(`../fixtures/templates/${name}`, import.meta.url), "utf8");

function options(answer = true): InfrastructureOptions & { asked: Confirmation[]; events: InfrastructureEvent[] } {
  const asked: Confirmation[] = [];
  const events: InfrastructureEvent[] = [];
  return {
    asked,
    events,
    clock: instantClock(Date.now()),
    emit: (event) => events.push(event),
    confirm: async (question) => {
      asked.push(question);
      return answer;
    },
  };
}

async function deploy(stackName: string, file: string, opts = options()) {
  return deployInfrastructure(cloudFormationPort(moto.settings()), { stackName, templateBody: template(file) }, opts);
}

describe("infrastructure deployer against moto", () => {
  test("a new stack is created through a CREATE change set", async () => {
    const outcome = await deploy("create-test", "queue.yml");
    expect(outcome).toMatchObject({
      result: "created",
      summary: { added: [{ logicalId: "Jobs" }, { logicalId: "Logs" }] },
    });
    expect((await cloudFormationPort(moto.settings()).describeStack("create-test"))?.status).toBe("CREATE_COMPLETE");
  });

  test("a changed template updates the stack and summarizes added, modified and removed resources", async () => {
    await deploy("update-test", "queue.yml");
    const opts = options();
    const outcome = await deploy("update-test", "queue-and-bucket.yml", opts);
    expect(outcome).toMatchObject({ result: "updated" });
    if (outcome.result !== "updated") return;
    expect(outcome.summary.added.map((c) => c.logicalId)).toEqual(["Uploads"]);
    expect(outcome.summary.modified.map((c) => c.logicalId)).toEqual(["Jobs"]);
    expect(outcome.summary.removed.map((c) => c.logicalId)).toEqual(["Logs"]);
    expect(opts.asked).toEqual([]);
  });

  test("an unchanged template does no infrastructure work and leaves no change set behind", async () => {
    await deploy("noop-test", "queue.yml");
    const opts = options();
    expect(await deploy("noop-test", "queue.yml", opts)).toEqual({ result: "unchanged", stackName: "noop-test" });
    expect(opts.events.filter((e) => e.type === "resource-progress")).toEqual([]);
    const { CloudFormationClient, ListChangeSetsCommand } = await import("@aws-sdk/client-cloudformation");
    const listed = await new CloudFormationClient({ region: "us-east-1", endpoint: moto.settings().endpoint }).send(
      new ListChangeSetsCommand({ StackName: "noop-test" }),
    );
    // moto keeps executed change sets (and lists every stack's); only a leftover unexecuted one matters.
    const leftovers = (listed.Summaries ?? []).filter(
      (s) => s.StackName === "noop-test" && s.ExecutionStatus !== "EXECUTE_COMPLETE",
    );
    expect(leftovers).toEqual([]);
  });

  test("removing a stateful resource asks for confirmation and changes nothing when declined", async () => {
    await deploy("stateful-test", "queue.yml");
    const opts = options(false);
    const outcome = await deploy("stateful-test", "log-group-only.yml", opts);
    expect(outcome).toMatchObject({ result: "declined" });
    expect(opts.asked).toMatchObject([
      {
        kind: "data-loss",
        summary: { risky: [{ logicalId: "Jobs", resourceType: "AWS::SQS::Queue", effect: "removed" }] },
      },
    ]);
    expect((await cloudFormationPort(moto.settings()).describeStack("stateful-test"))?.status).toBe("CREATE_COMPLETE");
  });

  test("removing a stateful resource proceeds once confirmed", async () => {
    await deploy("confirmed-test", "queue.yml");
    expect(await deploy("confirmed-test", "log-group-only.yml", options(true))).toMatchObject({ result: "updated" });
  });
});
