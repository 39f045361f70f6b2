// An esbuild plugin: modules the bundle would load when it starts, loaded instead when a
// property of theirs is first read (docs/architecture.md, "Start-up"). The importer gets a
// stand-in with a getter for each of the module's exports; `import { x } from "m"` compiles
// to reading `x` off it at each use, so nothing loads before then.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** @param {{ module: string, importer: RegExp }[]} modules each module, for the importers matched */
export function onFirstUse(modules) {
  return {
    name: "on-first-use",
    setup(b) {
      for (const { module, importer } of modules) {
        b.onResolve({ filter: new RegExp(`^${module}$`) }, (args) =>
          args.namespace === "file" && importer.test(args.importer)
            ? { path: module, namespace: "on-first-use" }
            : undefined,
        );
      }
      b.onLoad({ filter: /.*/, namespace: "on-first-use" }, (args) => {
        const getters = Object.keys(require(args.path)).map((name) => `get ${name}() { return load().${name}; }`);
        return {
          contents: `let m; const load = () => (m ??= require(${JSON.stringify(args.path)}));\nmodule.exports = { ${getters.join(", ")} };`,
          loader: "js",
          resolveDir: process.cwd(),
        };
      });
    },
  };
}
