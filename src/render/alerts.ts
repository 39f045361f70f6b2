import alertEmail from "../../templates/alert-email.yml";
import alerts from "../../templates/alerts.yml";
import type { Manifest } from "../manifest/types.js";
import { ref, type TemplateBuilder } from "./template.js";

/** The environment's alert topic and its email subscriptions. */
export function renderAlerts(m: Manifest, stackName: string, t: TemplateBuilder): void {
  t.add(alerts, { stackName });
  m.alerts.filter((a) => !a.startsWith("arn:")).forEach((email, i) => t.add(alertEmail, { n: i + 1, email }));
}

/** What every rendered alarm notifies: the environment's topic and the topics the manifest names. */
export function alarmActions(m: Manifest): unknown[] {
  return [ref("AlertsTopic"), ...m.alerts.filter((a) => a.startsWith("arn:"))];
}
