// berth writes its results and diagnostics straight to file descriptors 1 and 2, not through
// process.stdout and process.stderr: Node builds those streams on first use and loads its
// stream modules with them, which costs a command that prints a few lines and exits
// milliseconds of its start-up budget (docs/architecture.md, "Start-up"). Node's stream takes
// over for good the first time something needs it (a terminal's size, Ink, a prompt) or a
// write cannot be made now (a non-blocking pipe that is full: EAGAIN), so nothing is written
// out of order.
// https://nodejs.org/api/process.html#a-note-on-process-io
import { fstatSync, statSync, writeSync } from "node:fs";
import { EXIT } from "../exit-codes.js";

export interface StandardStream {
  write(text: string): void;
  readonly isTTY: boolean;
}

type Descriptor = 1 | 2;

const streams = new Map<Descriptor, NodeJS.WriteStream>();
const closed = new Set<Descriptor>();
const terminals = new Map<Descriptor, boolean>();

/** Node's stream for the descriptor; from now on every write to it goes through the stream. */
export function nodeStream(fd: Descriptor): NodeJS.WriteStream {
  let stream = streams.get(fd);
  if (!stream) {
    stream = fd === 1 ? process.stdout : process.stderr;
    // `berth releases | head`: the reader went away. What berth does (a release in flight)
    // must not stop because nobody reads its output, and a closed pipe is no crash.
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") process.exitCode = EXIT.failure;
    });
    streams.set(fd, stream);
  }
  return stream;
}

function write(fd: Descriptor, text: string): void {
  const stream = streams.get(fd);
  if (stream) return void stream.write(text);
  if (closed.has(fd)) return;
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EPIPE") closed.add(fd);
    else nodeStream(fd).write(bytes.subarray(done));
  }
}

/**
 * Whether the descriptor is a terminal. A file, a pipe, a socket or /dev/null is not, which
 * fstat tells without Node's stream; any other character device is asked of the stream.
 */
function isTerminal(fd: Descriptor): boolean {
  let terminal = terminals.get(fd);
  if (terminal === undefined) {
    terminal = !streams.has(fd) && isPlainlyNoTerminal(fd) ? false : nodeStream(fd).isTTY === true;
    terminals.set(fd, terminal);
  }
  return terminal;
}

function isPlainlyNoTerminal(fd: Descriptor): boolean {
  try {
    const stat = fstatSync(fd);
    return !stat.isCharacterDevice() || stat.rdev === statSync("/dev/null").rdev;
  } catch {
    // Not a descriptor fstat can read, or no /dev/null: the stream knows.
    return false;
  }
}

const standard = (fd: Descriptor): StandardStream => ({
  write: (text) => write(fd, text),
  get isTTY() {
    return isTerminal(fd);
  },
});

export const standardOut = standard(1);
export const standardErr = standard(2);

/**
 * Every write from now on goes through Node's streams, each with the closed-pipe handling: for
 * the commands that load the AWS SDK, whose warnings Node writes to process.stderr itself.
 */
export function writeThroughNodeStreams(): void {
  nodeStream(1);
  nodeStream(2);
}

/** Node's streams for a live view (Ink), which writes to them itself. */
export function standardStreams(): { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } {
  return { stdout: nodeStream(1), stderr: nodeStream(2) };
}
