import type { StatusSnapshot } from "../deployers/status/status-snapshot.js";
import { loadInk } from "./live/load-ink.js";
import type { Output } from "./output.js";
import { standardStreams } from "./standard-streams.js";

/** The terminal's `status --watch`: the status and its sparklines, redrawn in place at each refresh. */
export async function statusLive(
  out: Output,
  linesOf: (snapshot: StatusSnapshot, now: number, out: Output) => string[],
): Promise<{ show(snapshot: StatusSnapshot, now: number): void; close(): void }> {
  const { render, Box, Text } = await loadInk();
  const frame = (lines: string[], footer: string) => (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
      <Text dimColor>{footer}</Text>
    </Box>
  );
  const instance = render(frame([], "reading…"), { exitOnCtrlC: false, patchConsole: false, ...standardStreams() });
  return {
    show: (snapshot, now) =>
      instance.rerender(
        frame(linesOf(snapshot, now, out), `updated ${new Date(now).toISOString().slice(11, 19)} UTC; Ctrl-C ends`),
      ),
    close: () => instance.unmount(),
  };
}
