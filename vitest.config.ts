import { defineConfig } from "vitest/config";
// @ts-expect-error: a plain .mjs helper shared with the esbuild build, without types.
import { yamlToModule } from "./scripts/yaml-module.mjs";

export default defineConfig({
  plugins: [
    {
      name: "yaml-templates",
      transform(source: string, id: string) {
        return id.endsWith(".yml") ? { code: yamlToModule(source) as string, map: null } : undefined;
      },
    },
    {
      // The sandbox's moto patches are a Python file, imported as text as the build does.
      name: "python-text",
      transform(source: string, id: string) {
        return id.endsWith(".py") ? { code: `export default ${JSON.stringify(source)};`, map: null } : undefined;
      },
    },
  ],
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // GitHub's workflow parser imports its schemas as JSON without import attributes, which
    // Node refuses; bundled through Vite they load (test/examples/workflows.test.ts).
    server: { deps: { inline: ["@actions/workflow-parser"] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
