// Run as its own process by bench/sandbox.mjs (the bench blocks its own event loop while it
// times commands): forwards every request to the URL in argv[2], counting them, and
// answers GET /__count with the count since the last such question.
import { createServer, request } from "node:http";

const target = process.argv[2];
let calls = 0;
const server = createServer((incoming, outgoing) => {
  if (incoming.url === "/__count") {
    outgoing.end(String(calls));
    calls = 0;
    return;
  }
  calls += 1;
  const forwarded = request(
    new URL(incoming.url ?? "/", target),
    { method: incoming.method, headers: incoming.headers },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  forwarded.on("error", () => outgoing.destroy());
  incoming.pipe(forwarded);
});
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${server.address().port}`));
