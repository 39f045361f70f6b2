/** What upgrading an environment from berth 0.1.0's layout does, in order (docs/architecture.md). */
export interface UpgradePlanView {
  services: string[];
  recreated: string[];
  deleting: number;
}

/** The plan as `berth diff` shows it and as `berth deploy` asks to confirm it. */
export function upgradePlanLines(stackName: string, plan: UpgradePlanView): string[] {
  const released = plan.services.filter((s) => !plan.recreated.includes(s));
  return [
    `stack ${stackName}: created by berth 0.1.0, with every service's wiring in it; deploy moves it to service stacks:`,
    "      1. the environment stack keeps the old wiring as it is and gains the outputs the service stacks need",
    `      2. the service stacks are created (${plan.services.map((s) => `${stackName}-${s}`).join(", ")})`,
    ...plan.recreated.map(
      (s) =>
        `      3. service ${s}: deleted and created again on its stack's target groups — ` +
        `${s} stops serving from when its old tasks stop until its new ones pass health checks`,
    ),
    ...released.map((s) => `      3. service ${s}: released with its new roles, log group and security group`),
    `      4. the environment stack deletes the old wiring (${plan.deleting} resources); data resources do not change`,
    "      an interrupted upgrade continues where it stopped on the next deploy",
  ];
}
