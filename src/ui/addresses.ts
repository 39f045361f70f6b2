import type { EnvironmentAddress } from "../deployers/environment-url.js";

/** One address as its URL; several as `URL (web, api), URL2 (admin)`. */
export function formatAddresses(addresses: EnvironmentAddress[]): string | undefined {
  if (addresses.length <= 1) return addresses[0]?.url;
  return addresses.map((a) => `${a.url} (${a.services.join(", ")})`).join(", ");
}
