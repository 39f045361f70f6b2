// Turns a templates/*.yml building block into a JS module at build time, so the CLI
// ships parsed JSON and never parses template YAML at run time. Used by the esbuild
// build and by Vitest, so tests run exactly what ships.
import { parse } from "yaml";

export function yamlToModule(source) {
  return `export default ${JSON.stringify(parse(source))};`;
}
