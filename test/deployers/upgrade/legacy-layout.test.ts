import { describe, expect, test } from "vitest";
import {
  legacyResources,
  servicesInEnvironmentStack,
  transitionTemplate,
} from "../../../src/deployers/upgrade/legacy-layout.js";
import { leaveLegacyWiring } from "../../../src/deployers/upgrade/upgrade-layout.js";
import type { Template } from "../../../src/render/template.js";

const template = (ids: string[], outputs: string[] = []): Template => ({
  AWSTemplateFormatVersion: "2010-09-09",
  Description: "t",
  Resources: Object.fromEntries(ids.map((id) => [id, { Type: "AWS::X::Y", Properties: { id } }])),
  Outputs: Object.fromEntries(outputs.map((id) => [id, { Value: id }])),
});

const services = { web: template(["WebTaskRole", "WebTargetGroupA"]), worker: template(["WorkerTaskRole"]) };

describe("an environment berth 0.1.0 created", () => {
  test("services whose resources the deployed environment stack holds are in it", () => {
    const deployed = template(["Cluster", "JobsQueue", "WebTaskRole", "WebTargetGroupA"]);
    expect(servicesInEnvironmentStack(deployed, services)).toEqual(["web"]);
  });

  test("an environment stack of the new layout holds no service", () => {
    expect(servicesInEnvironmentStack(template(["Cluster", "JobsQueue"]), services)).toEqual([]);
    expect(servicesInEnvironmentStack(undefined, services)).toEqual([]);
  });

  test("the transition template is the new one plus the deployed wiring and outputs, verbatim", () => {
    const deployed = template(["Cluster", "WebTaskRole"], ["ClusterName", "WebTaskRoleArn"]);
    deployed.Resources.WebTaskRole = { Type: "AWS::IAM::Role", Properties: { live: true } };
    const next = template(["Cluster", "Network"], ["ClusterName", "VpcId"]);
    const transition = transitionTemplate(next, deployed);
    expect(Object.keys(transition.Resources).sort()).toEqual([
      "BerthLayoutUpgrade",
      "Cluster",
      "Network",
      "WebTaskRole",
    ]);
    expect(transition.Resources.WebTaskRole).toEqual({ Type: "AWS::IAM::Role", Properties: { live: true } });
    expect(transition.Resources.Cluster).toBe(next.Resources.Cluster);
    expect(Object.keys(transition.Outputs).sort()).toEqual(["ClusterName", "VpcId", "WebTaskRoleArn"]);
  });

  test("the last update deletes what the new template lacks", () => {
    expect(legacyResources(template(["Cluster"]), template(["Cluster", "WebTaskRole"]))).toEqual(["WebTaskRole"]);
  });
});

describe("moving a web service to its stack's target groups", () => {
  const outputs = { ClusterName: "shop-default", WebTargetGroupA: "tg-new-a", WebTargetGroupB: "tg-new-b" };

  test("a service on the old target groups is removed, so the release creates it on the new ones", async () => {
    const removed: string[] = [];
    const release = { describeService: async () => ({ status: "ACTIVE", desiredCount: 2, targetGroups: ["tg-old"] }) };
    const ports = { removeService: async (_c: string, s: string) => void removed.push(s) };
    const failed = await leaveLegacyWiring(["web"], outputs, release, {
      ...ports,
      removeServices: async () => [],
      listServices: async () => [],
    });
    expect(failed).toEqual([]);
    expect(removed).toEqual(["web"]);
  });

  test("a rerun leaves a service already on the new target groups alone", async () => {
    const removed: string[] = [];
    const release = {
      describeService: async () => ({ status: "ACTIVE", desiredCount: 2, targetGroups: ["tg-new-b"] }),
    };
    const port = {
      removeService: async (_c: string, s: string) => void removed.push(s),
      removeServices: async () => [],
      listServices: async () => [],
    };
    expect(await leaveLegacyWiring(["web"], outputs, release, port)).toEqual([]);
    expect(removed).toEqual([]);
  });

  test("a service that cannot be removed is reported and keeps serving", async () => {
    const release = { describeService: async () => ({ status: "ACTIVE", desiredCount: 2, targetGroups: ["tg-old"] }) };
    const port = {
      removeService: async () => Promise.reject(new Error("AccessDenied")),
      removeServices: async () => [],
      listServices: async () => [],
    };
    expect(await leaveLegacyWiring(["web"], outputs, release, port)).toEqual([
      { service: "web", result: "failed", reason: expect.stringMatching(/AccessDenied.*keeps serving/) },
    ]);
  });
});
