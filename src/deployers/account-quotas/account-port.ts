/** The account-wide resources a new environment adds to, each under one of AWS's Regional quotas. */
export type AccountResource =
  "vpcs" | "internetGateways" | "elasticIps" | "natGateways" | "loadBalancers" | "auroraClusters";

export type AccountCounts = Record<AccountResource, number>;

/** What pre-flight reads of the account before a new environment's stack is created. */
export interface AccountPort {
  /** What the Region holds now; `how` says how it was counted, for the message. */
  usage(): Promise<{ counts: AccountCounts; how: string }>;
  /** The quotas the account reports or the user declared; a resource absent here is checked against AWS's default. */
  limits(): Promise<Partial<AccountCounts>>;
}
