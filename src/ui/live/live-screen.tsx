import type * as Ink from "ink";
import type { VersionNumbers } from "../../deployers/version-metrics/version-numbers.js";
import { diagnosisLines } from "../diagnosis-lines.js";
import type { ServiceProgress } from "../release-progress.js";
import { duration } from "../../deployers/lock/describe-holder.js";
import { figuresText, newLooksWorse } from "../version-figures.js";
import { bakeLeft, type LiveState, type LiveStep } from "./live-state.js";

const BAR = 20;

/** `████████░░░░`: the new version's share of production traffic, filled from the left. */
export function trafficBar(newPercent: number): string {
  const filled = Math.round((Math.min(100, Math.max(0, newPercent)) / 100) * BAR);
  return `${"█".repeat(filled)}${"░".repeat(BAR - filled)}`;
}

const bakeText = (left: number | undefined) => (left !== undefined ? `  bake ${duration(left)} left` : "");

/** `████░░░░` over the new version's tasks: a rolling release's progress (workers have no traffic split). */
export function rollingBar(running: number, desired: number): string {
  return trafficBar(desired > 0 ? (running / desired) * 100 : 0);
}

/**
 * The live view's components over the Ink module the caller loaded (ui/live/load-ink.ts):
 * the lines the reports write scroll above (Ink's Static), the steps, services and a
 * failure's diagnosis redraw below.
 */
export function liveScreen(ink: typeof Ink) {
  const { Box, Static, Text } = ink;

  function Step({ step, now }: { step: LiveStep; now: number }) {
    const done = step.ended !== undefined;
    const resources = step.resources && !done ? `  ${step.resources.done}/${step.resources.total} resources` : "";
    return (
      <Text>
        <Text color={done ? "green" : "yellow"}>{done ? "✓" : "…"}</Text> {step.title}
        <Text dimColor>
          {resources}
          {"  "}
          {duration((step.ended ?? now) - step.started)}
        </Text>
      </Text>
    );
  }

  function Service({ p, state, now }: { p: ServiceProgress; state: LiveState; now: number }) {
    const outcome = state.outcomes.find((o) => o.service === p.service);
    const left = bakeLeft(state, p, now);
    const end = outcome?.result ?? p.end;
    return (
      <Box flexDirection="column">
        <Text>
          <Text bold>{p.service}</Text>{" "}
          {end ? (
            <Text color={end === "released" ? "green" : "red"}>{end}</Text>
          ) : (
            <Text color="cyan">{p.stage ?? p.status ?? "starting"}</Text>
          )}
          {p.returning ? <Text color="yellow"> returning to the version before</Text> : null}
          <Text dimColor>
            {"  "}
            {duration((p.endedAt ?? now) - p.since)}
          </Text>
        </Text>
        {state.traffic[p.service] === false ? <Rolling p={p} left={left} /> : <Traffic p={p} left={left} />}
        {!end && state.versions[p.service] ? <Versions n={state.versions[p.service]!} /> : null}
      </Box>
    );
  }

  /** A blue/green, canary or linear release: the traffic split old → new, tasks and the check at the pause. */
  function Traffic({ p, left }: { p: ServiceProgress; left: number | undefined }) {
    const weight = p.productionWeight;
    const health = p.health ? (p.health.passed ? "healthy" : "unhealthy") : "health —";
    return (
      <Text>
        {"  "}traffic old {weight === undefined ? "—" : `${100 - Math.round(weight)}%`}{" "}
        {weight === undefined ? "" : trafficBar(weight)} new {weight === undefined ? "—" : `${Math.round(weight)}%`}
        {"  "}tasks {p.tasks ? `${p.tasks.running}/${p.tasks.desired}` : "—"}
        {"  "}
        <Text color={p.health ? (p.health.passed ? "green" : "red") : undefined}>{health}</Text>
        {bakeText(left)}
      </Text>
    );
  }

  /** The new and the old version's 5xx rate and p99 over the last minutes, side by side; "worse" (in red) when the new one is. */
  function Versions({ n }: { n: VersionNumbers }) {
    return (
      <Text>
        {"  "}new <Text color={newLooksWorse(n) ? "red" : undefined}>{figuresText(n.new)}</Text>
        {"  "}old {figuresText(n.old)}
        <Text dimColor>{"  "}5 min each</Text>
        {newLooksWorse(n) ? <Text color="red">{"  "}worse</Text> : null}
      </Text>
    );
  }

  /** A rolling release (a worker): no traffic to split; the new version's tasks replacing the old ones. */
  function Rolling({ p, left }: { p: ServiceProgress; left: number | undefined }) {
    if (!p.tasks) return <Text>{"  "}rolling: new tasks starting</Text>;
    return (
      <Text>
        {"  "}rolling {rollingBar(p.tasks.running, p.tasks.desired)} new tasks {p.tasks.running}/{p.tasks.desired}{" "}
        running{bakeText(left)}
      </Text>
    );
  }

  function Diagnosis({ state }: { state: LiveState }) {
    const failed = state.outcomes.filter((o) => o.result === "rolled-back" || o.result === "failed");
    if (failed.length === 0) return null;
    return (
      <Box flexDirection="column" borderStyle="round" borderColor="red" paddingX={1}>
        {failed.map((o) => (
          <Box key={o.service} flexDirection="column">
            <Text color="red" bold>
              {o.service} {o.result}: {o.reason ?? ""}
            </Text>
            {(o.diagnosis ? diagnosisLines(o.diagnosis) : []).map((line, i) => (
              <Text key={i}>{line}</Text>
            ))}
          </Box>
        ))}
      </Box>
    );
  }

  return function LiveScreen({ state, now }: { state: LiveState; now: number }) {
    const log = state.log.map((text, i) => ({ key: String(i), text }));
    return (
      <>
        <Static items={log}>{(item) => <Text key={item.key}>{item.text}</Text>}</Static>
        <Box flexDirection="column">
          {state.steps.map((step, i) => (
            <Step key={i} step={step} now={now} />
          ))}
          {Object.values(state.services).map((p) => (
            <Service key={p.service} p={p} state={state} now={now} />
          ))}
          <Diagnosis state={state} />
        </Box>
      </>
    );
  };
}
