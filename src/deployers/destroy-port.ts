import type { CloudFormationPort } from "./infrastructure/cloudformation-port.js";
import type { ListenerRulePort } from "./live-traffic.js";

// The ports of `berth destroy` (destroy-environment.ts), which the deploy's removal of services
// (service-stacks/remove-services.ts) and the layout upgrade share; implemented in aws/teardown-ports.ts.

/** The ECS services berth created in the environment's cluster (CloudFormation does not own them). */
export interface ServicesPort {
  /** Scales every service of the cluster to zero and deletes it; returns their names. */
  removeServices(cluster: string): Promise<string[]>;
  /** The names of the cluster's ACTIVE services. */
  listServices(cluster: string): Promise<string[]>;
  /**
   * One service scaled to zero and deleted with its scaling (scalable target, its policies,
   * the wake alarm), waited on until INACTIVE so its security group and roles can go.
   */
  removeService(cluster: string, service: string): Promise<void>;
}

export interface BucketsPort {
  /** Deletes every object version of a bucket, so CloudFormation can delete the bucket. */
  empty(bucket: string): Promise<void>;
}

/**
 * What releases created through the APIs rather than the stack, so the stack's deletion
 * does not take it: a service's scaling (its policies go with its scalable target), the
 * alarm that wakes a worker from zero, and the task definitions berth registered.
 */
export interface ReleaseLeftoversPort {
  /** DeregisterScalableTarget; nothing registered is not an error. */
  removeScaling(resourceId: string): Promise<void>;
  deleteAlarms(names: string[]): Promise<void>;
  /** Every ACTIVE revision of the family deregistered (INACTIVE); returns how many. */
  deregisterFamily(family: string): Promise<number>;
}

export interface DestroyPorts {
  cloudFormation: CloudFormationPort;
  listenerRules: ListenerRulePort;
  services: ServicesPort;
  buckets: BucketsPort;
  leftovers: ReleaseLeftoversPort;
}
