import { startMotoServer, type MotoOptions } from "./moto-server.js";
import { startProxy, type ProxyOptions } from "./proxy.js";
import type { SimulatedResource } from "./stand-ins.js";

export interface SandboxOptions {
  region?: string;
  moto?: MotoOptions;
  /** Told each time a stack's resources are replaced by stand-ins. */
  onSimulated?: (stackName: string, simulated: SimulatedResource[]) => void;
  /** Answers requests itself before moto sees them (the deployment simulator). */
  answer?: ProxyOptions["answer"];
}

export interface Sandbox {
  /** Where AWS clients should send every call: our proxy, in front of moto. */
  endpoint: string;
  region: string;
  /** moto itself, bypassing the proxy (for diagnostics and tests). */
  motoEndpoint: string;
  /** The environment a shell or a child process needs to use the sandbox. */
  environment: Record<string, string>;
  /** Stops the proxy and moto's whole process group. */
  stop(): Promise<void>;
}

/**
 * The local AWS: moto_server on one loopback port, our proxy on another in front of it.
 * The credentials are dummies: moto accepts any, and real ones must never reach it.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const region = options.region ?? "us-east-1";
  const moto = await startMotoServer(options.moto);
  let proxy;
  try {
    proxy = await startProxy({ target: moto.endpoint, ...(options.onSimulated ? { onSimulated: options.onSimulated } : {}), ...(options.answer ? { answer: options.answer } : {}) });
  } catch (error) {
    await moto.stop();
    throw error;
  }
  const proxyClose = proxy.close;
  return {
    endpoint: proxy.endpoint,
    region,
    motoEndpoint: moto.endpoint,
    environment: {
      AWS_ENDPOINT_URL: proxy.endpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: "sandbox",
      AWS_SECRET_ACCESS_KEY: "sandbox",
    },
    stop: async () => {
      await proxyClose();
      await moto.stop();
    },
  };
}
