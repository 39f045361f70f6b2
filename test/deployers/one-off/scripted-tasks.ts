import type { OneOffRequest, OneOffState, OneOffTaskPort } from "../../../src/deployers/one-off/one-off-port.js";

/**
 * A one-off task port scripted in a few lines: each task goes through `states` one poll at
 * a time (the last repeats), its log hands out `pages` one read at a time; StopTask makes the
 * next state STOPPED with UserInitiated. Every call is recorded.
 */
export function scriptedTasks(script: { states?: Partial<OneOffState>[]; pages?: string[][]; runFailure?: string }) {
  const calls: string[] = [];
  const requests: OneOffRequest[] = [];
  const stopped: { taskArn: string; reason: string }[] = [];
  let polls = 0;
  let reads = 0;
  let count = 0;
  const port: OneOffTaskPort = {
    async runTask(request) {
      calls.push("RunTask");
      requests.push(request);
      if (script.runFailure) return { failure: script.runFailure };
      count += 1;
      polls = 0;
      reads = 0;
      return { taskArn: `arn:aws:ecs:eu-west-1:123456789012:task/shop-staging/task${count}` };
    },
    async describeTask(_cluster, taskArn) {
      calls.push("DescribeTasks");
      if (stopped.some((s) => s.taskArn === taskArn))
        return { taskArn, lastStatus: "STOPPED", stopCode: "UserInitiated", stoppedReason: stopped[0]!.reason };
      const states = script.states ?? [{ lastStatus: "STOPPED", exitCode: 0 }];
      const state = states[Math.min(polls, states.length - 1)]!;
      polls += 1;
      return { taskArn, lastStatus: "RUNNING", ...state };
    },
    async stopTask(_cluster, taskArn, reason) {
      calls.push("StopTask");
      stopped.push({ taskArn, reason });
    },
    async servicePlacement() {
      calls.push("DescribeServices");
      return { networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-1"] } } };
    },
    async readLog(_group, _stream, token) {
      calls.push("GetLogEvents");
      const pages = script.pages ?? [];
      const page = pages[reads];
      if (!page) return token ? { lines: [], token } : { lines: [] };
      reads += 1;
      return { lines: page, token: `t${reads}` };
    },
  };
  return { port, calls, requests, stopped };
}
