import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { parseAwsRequest, type AwsRequest } from "./aws-request.js";
import type { ProxyReply } from "./proxy-reply.js";
import { needsCertificate, useSandboxCertificate } from "./sandbox-certificates.js";
import { resolveSecretReferences } from "./stand-in-secrets.js";
import { standInUnmodelledResources, type SimulatedResource } from "./stand-ins.js";
import { MOTO_ACCOUNT_ID } from "./simulator/simulator.js";
import { releaseKeptLogGroups } from "./import-existing.js";
import { parseTemplate } from "./template-text.js";
import { withTemplateInline } from "./template-url.js";

// The CloudFormation actions that carry a TemplateBody moto would create resources from.
const TEMPLATE_ACTIONS = new Set(["CreateChangeSet", "CreateStack", "UpdateStack", "ValidateTemplate"]);

export interface ProxyOptions {
  /** moto's endpoint. */
  target: string;
  /** Told each time resources of a stack are replaced by stand-ins. */
  onSimulated?: (stackName: string, simulated: SimulatedResource[]) => void;
  /** A certificate moto knows, for HTTPS listeners (their real certificate is not in moto). */
  certificateFor?: (region: string) => Promise<string>;
  /** Answers a request itself instead of moto (the deployment simulator); undefined forwards it. */
  answer?: (request: AwsRequest) => Promise<ProxyReply | undefined>;
  /**
   * Told, after moto answered a forwarded request, with moto's HTTP status and the body
   * moto was sent; awaited before the client gets the answer, so follow-up work is done
   * by the time the client's next call arrives.
   */
  observe?: (request: AwsRequest, status: number, forwardedBody: Buffer) => Promise<void> | void;
  /** Rewrites moto's answer before the client sees it. */
  rewriteAnswer?: (request: AwsRequest, body: string) => string | Promise<string>;
}

export interface SandboxProxy {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/** An HTTP proxy on loopback in front of moto: forwards every request unchanged except templates moto cannot fully create. */
export function startProxy(options: ProxyOptions): Promise<SandboxProxy> {
  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing, options).catch((error: unknown) => {
      const message = `berth sandbox proxy: ${error instanceof Error ? error.message : String(error)}`;
      if (!outgoing.headersSent) outgoing.writeHead(502, { "content-type": "text/plain" });
      outgoing.end(outgoing.headersSent ? undefined : message);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

async function handle(incoming: IncomingMessage, outgoing: ServerResponse, options: ProxyOptions): Promise<void> {
  const received = await readBody(incoming);
  const { request, body } = await withTemplateInline(
    parseAwsRequest(incoming.headers, received),
    received,
    options.target,
  );
  const reply = await options.answer?.(request);
  if (reply) {
    outgoing.writeHead(reply.status, reply.headers);
    outgoing.end(reply.body);
    return;
  }
  if (request.protocol === "query" && request.action === "CreateChangeSet")
    await releaseKeptLogGroups(request.params, request.region, options.target);
  const forwarded = request.protocol === "query" ? ((await withStandIns(request, options)) ?? body) : body;
  const answer = await forward(incoming, forwarded, options.target);
  await options.observe?.(request, answer.status, forwarded);
  const answered = options.rewriteAnswer
    ? Buffer.from(await options.rewriteAnswer(request, answer.body.toString("utf8")), "utf8")
    : answer.body;
  const { "content-length": _length, "transfer-encoding": _encoding, ...headers } = answer.headers;
  outgoing.writeHead(answer.status, { ...headers, "content-length": String(answered.length) });
  outgoing.end(answered);
}

/** The request body with unmodelled resources stood in, or undefined to send the original bytes. */
async function withStandIns(
  request: Extract<AwsRequest, { protocol: "query" }>,
  options: ProxyOptions,
): Promise<Buffer | undefined> {
  const templateBody = request.params.get("TemplateBody");
  if (!TEMPLATE_ACTIONS.has(request.action) || !templateBody) return undefined;
  let template;
  try {
    template = parseTemplate(templateBody);
  } catch {
    return undefined; // moto reports the template error in AWS's words.
  }
  const stackName = request.params.get("StackName") ?? "validate";
  const secrets = resolveSecretReferences(template);
  const stood = standInUnmodelledResources(secrets.template, {
    stackName,
    region: request.region,
    accountId: MOTO_ACCOUNT_ID,
  });
  const certified =
    options.certificateFor && needsCertificate(stood.template)
      ? useSandboxCertificate(stood.template, await options.certificateFor(request.region))
      : { template: stood.template, simulated: [] };
  const resolvedSecrets = secrets.resolved.map((logicalId) => ({
    logicalId,
    resourceType: template.Resources?.[logicalId]?.Type ?? "unknown",
    detail: "secret dynamic reference resolved to the stand-in secret's value",
  }));
  const simulated = [...resolvedSecrets, ...stood.simulated, ...certified.simulated];
  if (simulated.length === 0) return undefined;
  options.onSimulated?.(stackName, simulated);
  const params = new URLSearchParams(request.params);
  params.set("TemplateBody", JSON.stringify(certified.template));
  return Buffer.from(params.toString(), "utf8");
}

function readBody(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => resolve(Buffer.concat(chunks)));
    incoming.on("error", reject);
  });
}

/** Sends the request to moto and reads its whole answer (AWS answers are small). */
function forward(
  incoming: IncomingMessage,
  body: Buffer,
  target: string,
): Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }> {
  const url = new URL(incoming.url ?? "/", target);
  // The body may have changed length; moto does not check signatures, so the signed payload hash can stay.
  const headers = { ...incoming.headers, "content-length": String(body.length) };
  delete headers["transfer-encoding"];
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(url, { method: incoming.method, headers }, (response) => {
      readBody(response).then(
        (answer) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: answer }),
        reject,
      );
    });
    upstream.on("error", reject);
    upstream.end(body);
  });
}
