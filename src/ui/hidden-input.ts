import { standardErr } from "./standard-streams.js";

/**
 * A secret's value for `berth secrets set`: piped on stdin, or typed at a prompt that does not
 * echo. Never from an argument (it would sit in the shell's history and the process list).
 */
export async function readSecretValue(prompt: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) return withoutFinalNewline(await readAll(process.stdin));
  return readHiddenLine(prompt);
}

/** `echo value |` and files end with a newline that is not part of the value. */
export function withoutFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, "");
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** One line typed in raw mode, nothing echoed; undefined on Ctrl-C or Ctrl-D. */
function readHiddenLine(prompt: string): Promise<string | undefined> {
  const stdin = process.stdin;
  standardErr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve) => {
    let value = "";
    const finish = (result: string | undefined) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      standardErr.write("\n");
      resolve(result);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return finish(value);
        if (ch === "\u0003" || ch === "\u0004") return finish(undefined);
        value = ch === "\u007f" || ch === "\b" ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on("data", onData);
  });
}
