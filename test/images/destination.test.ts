import { describe, expect, test } from "vitest";
import { plainHttpFor, registryDestination } from "../../src/images/destination.js";

describe("a registry destination", () => {
  test("repositories are <namespace>/<app>/<service>", async () => {
    const destination = await registryDestination("ghcr.io/acme", "shop", ["web", "worker"], {
      destinationCredentials: async () => undefined,
    });
    expect(destination.repositories).toEqual({ web: "acme/shop/web", worker: "acme/shop/worker" });
    expect(destination.endpoint).toEqual({ host: "ghcr.io" });
  });

  test("credentials found for its host go to the registry, and to the builder's login only when from the environment", async () => {
    const credentials = { username: "bot", password: "pw" };
    const from = (source: "environment" | "builder") => ({
      destinationCredentials: async (host: string) => (host === "ghcr.io" ? { credentials, from: source } : undefined),
    });
    const fromEnvironment = await registryDestination("ghcr.io/acme", "shop", ["web"], from("environment"));
    expect(fromEnvironment.endpoint).toEqual({ host: "ghcr.io", credentials });
    expect(fromEnvironment.builderLogin).toEqual(credentials);
    const fromBuilder = await registryDestination("ghcr.io/acme", "shop", ["web"], from("builder"));
    expect(fromBuilder.endpoint).toEqual({ host: "ghcr.io", credentials });
    expect(fromBuilder.builderLogin).toBeUndefined();
  });

  test("plain HTTP is refused for a registry that is not on this machine", () => {
    expect(() => plainHttpFor("ghcr.io", { plainHttp: true })).toThrow(
      "--plain-http is only allowed for a registry on this machine, not ghcr.io",
    );
    expect(plainHttpFor("127.0.0.1:5000", { plainHttp: true })).toBe(true);
    expect(plainHttpFor("127.0.0.1:5000", {})).toBe(false);
  });
});
