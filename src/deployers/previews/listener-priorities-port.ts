/** A rule on a listener, as the previews' priority check reads it. */
export interface ListenerRuleSummary {
  priority: number;
  /** The values of its host-header condition; none when it matches any host. */
  hosts: string[];
}

/** The rules on a listener (not its default action): what a preview's band must not meet. */
export interface ListenerPrioritiesPort {
  rulesOn(listenerArn: string): Promise<ListenerRuleSummary[]>;
}
