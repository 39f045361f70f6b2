import { changeSetReplacements } from "./change-set-replacements.js";
import { startMotoServer, type MotoOptions } from "./moto-server.js";
import type { AwsRequest } from "./aws-request.js";
import { listenerWeightsPusher } from "./listener-weights.js";
import { sandboxLoadBalancers } from "./load-balancer.js";
import { loadBalancerOutputs } from "./load-balancer-outputs.js";
import { metricMirror } from "./metric-mirror.js";
import { motoMirror } from "./moto-mirror.js";
import { scheduleMirror } from "./schedule-mirror.js";
import { outputRefresher } from "./output-refresh.js";
import { stackDeletion } from "./stack-deletion.js";
import { startProxy } from "./proxy.js";
import { sandboxCertificates, standInCertificateReads } from "./sandbox-certificates.js";
import { standInSecretReads } from "./stand-in-secrets.js";
import { standInOrderableVersions } from "./orderable-versions.js";
import { provisioningTimes } from "./provisioning-times.js";
import { stackFailures } from "./stack-failures.js";
import { standInTypes } from "./stand-in-types.js";
import { simulatorBridge } from "./simulator-bridge.js";
import { ecrRegistryAnswers, missingRegistryAnswers } from "./ecr-registry.js";
import { REGISTRY_INSTALL_HINT, startSandboxRegistry, type RegistryOptions } from "./sandbox-registry.js";
import { throttling } from "./throttling.js";
import type { TaskFault } from "./simulator/model.js";
import { DeploymentSimulator } from "./simulator/simulator.js";
import { virtualClock } from "./simulator/virtual-clock.js";
import type { SimulatedResource } from "./stand-ins.js";

export interface SandboxOptions {
  region?: string;
  moto?: MotoOptions;
  /** What goes wrong with the tasks of every new release (BERTH_SANDBOX_FAIL). */
  newTaskFault?: TaskFault;
  /** The share of AWS calls refused with a throttling error (BERTH_SANDBOX_FAIL=throttle). */
  throttleShare?: number;
  /** Simulated ECS time runs this many times faster than the wall clock (default 1). */
  speed?: number;
  /** Stack operations take as long as CloudFormation typically takes for their resources, divided by speed (provisioning-times.ts). */
  provisioningTimes?: boolean;
  /** Told each time a stack's resources are replaced by stand-ins. */
  onSimulated?: (stackName: string, simulated: SimulatedResource[]) => void;
  /** Told when something reached moto but could not be simulated. */
  onNote?: (message: string) => void;
  /** The registry standing in for ECR; false runs without one (prebuilt images only). */
  registry?: RegistryOptions | false;
}

export interface Sandbox {
  /** Where AWS clients should send every call: our proxy, in front of moto. */
  endpoint: string;
  region: string;
  /** moto itself, bypassing the proxy (for diagnostics and tests). */
  motoEndpoint: string;
  /** The ECS deployments moto lacks, running in simulated time that follows the wall clock. */
  simulator: DeploymentSimulator;
  /** The registry ECR's endpoint points at (`127.0.0.1:PORT`); absent when docker-registry is not installed. */
  registry?: string;
  /** How many calls the "throttle" fault refused so far. */
  throttledCalls(): number;
  /** The environment a shell or a child process needs to use the sandbox. */
  environment: Record<string, string>;
  /** Stops the proxy and moto's whole process group. */
  stop(): Promise<void>;
}

/**
 * The local AWS: moto_server on one loopback port, our proxy on another in front of it,
 * and the deployment simulator answering the ECS calls moto does not model. The
 * credentials are dummies: moto accepts any, and real ones must never reach it.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const region = options.region ?? "us-east-1";
  const simulator = new DeploymentSimulator({
    clock: virtualClock({ start: Date.now() }),
    region,
    ...(options.newTaskFault ? { newTaskFault: options.newTaskFault } : {}),
  });
  const moto = await startMotoServer(options.moto);
  const registry =
    options.registry === false
      ? undefined
      : await startSandboxRegistry(options.registry).catch(async (error: unknown) => {
          await moto.stop();
          throw error;
        });
  const ecr = registry ? ecrRegistryAnswers(registry.host) : missingRegistryAnswers(REGISTRY_INSTALL_HINT);
  const bridge = simulatorBridge(simulator, {
    pushWeights: listenerWeightsPusher(moto.endpoint),
    mirror: motoMirror(moto.endpoint, region),
    metrics: metricMirror(moto.endpoint, region),
    region,
    ...(options.speed ? { speed: options.speed } : {}),
    ...(options.onNote ? { note: options.onNote } : {}),
  });
  const throttle = options.throttleShare ? throttling(options.throttleShare) : undefined;
  const loadBalancers = sandboxLoadBalancers({ motoEndpoint: moto.endpoint, region, simulator });
  let proxy;
  try {
    const refreshOutputs = outputRefresher(moto.endpoint);
    const schedules = scheduleMirror(moto.endpoint);
    const replacements = changeSetReplacements();
    const provisioning = options.provisioningTimes ? provisioningTimes({ speed: options.speed ?? 1 }) : undefined;
    const observe = async (request: AwsRequest, status: number, forwardedBody: Buffer) => {
      replacements.observe(request, status);
      await bridge.observe(request, status);
      await refreshOutputs(request, status, forwardedBody);
      await schedules.observe(request, status);
      // Last: the operation's moto events (the output refresh's among them) are all written by now.
      provisioning?.observe(request, status);
    };
    const types = standInTypes();
    const onSimulated = (stackName: string, simulated: SimulatedResource[]) => {
      types.remember(stackName, simulated);
      options.onSimulated?.(stackName, simulated);
    };
    const deleteStack = stackDeletion(moto.endpoint);
    const deletedStack = async (request: AwsRequest) => {
      const reply = await deleteStack(request);
      if (reply) await schedules.observe(request, reply.status);
      return reply;
    };
    const failures = stackFailures();
    const certificateReads = standInCertificateReads(moto.endpoint);
    const answer = async (request: AwsRequest) =>
      throttle?.throttle(request) ??
      provisioning?.answer(request) ??
      failures.answer(request) ??
      (await deletedStack(request)) ??
      (await certificateReads(request)) ??
      standInSecretReads(request) ??
      standInOrderableVersions(request) ??
      (await ecr.answer(request)) ??
      bridge.answer(request);
    const addresses = loadBalancerOutputs(loadBalancers);
    const rewriteAnswer = async (request: AwsRequest, body: string) => {
      const restored = types.restore(request, ecr.rewrite(request, body));
      const answered = await addresses(request, replacements.rewrite(request, bridge.rewrite(request, restored)));
      return failures.rewrite(request, provisioning ? provisioning.rewrite(request, answered) : answered);
    };
    proxy = await startProxy({
      target: moto.endpoint,
      answer,
      observe,
      rewriteAnswer,
      certificateFor: sandboxCertificates(moto.endpoint),
      onSimulated,
    });
  } catch (error) {
    await registry?.stop();
    await loadBalancers.close();
    await moto.stop();
    throw error;
  }
  const closeProxy = proxy.close;
  return {
    endpoint: proxy.endpoint,
    region,
    motoEndpoint: moto.endpoint,
    simulator,
    ...(registry ? { registry: registry.host } : {}),
    throttledCalls: () => throttle?.refused() ?? 0,
    environment: {
      AWS_ENDPOINT_URL: proxy.endpoint,
      AWS_REGION: region,
      // AWS CLI v1 (and older SDKs) read only this one: the commands a team types beside berth.
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: "sandbox",
      AWS_SECRET_ACCESS_KEY: "sandbox",
    },
    stop: async () => {
      await closeProxy();
      await registry?.stop();
      await loadBalancers.close();
      await moto.stop();
    },
  };
}
