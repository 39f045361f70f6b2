// Writes src/sandbox/create-only-properties.json: the createOnlyProperties of the resource
// types the sandbox stands in for (src/sandbox/unmodelled-types.ts) and of the stateful
// types berth guards (src/deployers/infrastructure/change-summary.ts), read from the
// resource provider schemas cfn-lint ships (its us-east-1 set). Only these few lists are
// kept, not the schemas. Run after upgrading cfn-lint: node scripts/extract-create-only-properties.mjs
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const sources = ["src/sandbox/unmodelled-types.ts", "src/deployers/infrastructure/change-summary.ts"];
const types = [
  ...new Set(
    sources.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/"(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)"/g)].map((m) => m[1]),
    ),
  ),
].sort();

const python = `
import json, sys
import cfnlint
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
out = {}
for t in json.loads(sys.argv[1]):
    out[t] = sorted(PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", t).schema.get("createOnlyProperties", []))
print(json.dumps({"version": cfnlint.version.__version__, "types": out}))
`;
const extracted = JSON.parse(execFileSync("python3", ["-c", python, JSON.stringify(types)], { encoding: "utf8" }));
const document = {
  about: `createOnlyProperties from cfn-lint ${extracted.version}'s resource provider schemas (us-east-1); written by scripts/extract-create-only-properties.mjs`,
  types: extracted.types,
};
writeFileSync("src/sandbox/create-only-properties.json", `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote createOnlyProperties of ${types.length} types`);
