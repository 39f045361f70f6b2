import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The layers of docs/architecture.md, enforced: each folder lists what it must never import.
// A pattern matches an import path that goes through that folder (`../aws/ecr.js`).
const FOLDERS = {
  aws: "SDK adapters are wired by commands; define a port next to its user instead",
  adapters: "adapters (processes, git, registries) are wired by commands; define a port next to its user instead",
  ui: "views are called by commands; emit events and let the command hand them to a view",
  sandbox: "only the sandbox command (and its view) uses the local AWS",
  commands: "commands are the top layer",
  deployers: "deployers are use cases; call them from a command",
  images: "images are a use case; call them from a command or a deployer's port",
  render: "the manifest layer sits below rendering",
  manifest: "the manifest layer is read by the layers above it, never the other way",
  time: "the clock is below every layer",
  cost: "estimates are pure; commands and deployers call them",
  adopt: "adoption (init --from) sits above the manifest layer; call it from a command",
};
const never = (...folders) =>
  folders.map((folder) => ({
    regex: `(^|/)${folder}/`,
    message: `${folder}/: ${FOLDERS[folder]} (docs/architecture.md, "Layers")`,
  }));
const sdkValues = {
  regex: "^@aws-sdk/",
  allowTypeImports: true,
  message: "only src/aws/ calls the AWS SDK; take a port (docs/architecture.md)",
};
// `import()` is how berth loads code lazily (docs/architecture.md, "Start-up"): the same
// layers hold for it, through a syntax rule, as no-restricted-imports sees only static imports.
const dynamicImports = (patterns) =>
  patterns.map(({ regex, message }) => ({
    selector: `ImportExpression > Literal.source[value=/${regex.replace(/\//g, "\\/")}/]`,
    message: `${message} (also through import())`,
  }));
const layer = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: {
    "@typescript-eslint/no-restricted-imports": ["error", { patterns }],
    "no-restricted-syntax": ["error", ...dynamicImports(patterns)],
  },
});
const ALL = Object.keys(FOLDERS);

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        Buffer: "readonly",
        WebAssembly: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "error",
    },
  },
  layer(["src/commands/**"], never("sandbox"), ["src/commands/sandbox.ts"]),
  layer(["src/deployers/**"], [...never("aws", "adapters", "ui", "sandbox", "commands"), sdkValues]),
  layer(["src/images/**"], [...never("aws", "adapters", "ui", "sandbox", "commands", "deployers"), sdkValues]),
  layer(
    ["src/render/**"],
    [...never("aws", "adapters", "ui", "sandbox", "commands", "deployers", "images"), sdkValues],
  ),
  layer(["src/cost/**"], [...never("aws", "adapters", "ui", "sandbox", "commands", "deployers", "images"), sdkValues]),
  layer(
    ["src/manifest/**"],
    [
      ...never("aws", "adapters", "ui", "sandbox", "commands", "deployers", "images", "render", "cost", "adopt"),
      sdkValues,
    ],
  ),
  layer(
    ["src/adopt/**"],
    [...never("aws", "adapters", "ui", "sandbox", "commands", "deployers", "images", "render"), sdkValues],
  ),
  layer(["src/aws/**"], never("ui", "sandbox", "commands")),
  layer(["src/adapters/**"], [...never("aws", "ui", "sandbox", "commands", "deployers"), sdkValues]),
  layer(["src/ui/**"], never("aws", "adapters", "sandbox", "commands"), ["src/ui/sandbox.ts"]),
  layer(["src/ui/sandbox.ts"], never("aws", "adapters", "commands")),
  layer(["src/sandbox/**"], never("commands", "ui", "deployers", "images")),
  layer(["src/time/**"], [...never(...ALL.filter((f) => f !== "time")), sdkValues]),
  layer(["src/*.ts"], never(...ALL), ["src/cli.ts", "src/offline-cli.ts", "src/program.ts"]),
  layer(
    ["src/cli.ts", "src/offline-cli.ts"],
    never("sandbox", "deployers", "images", "render", "manifest", "aws", "adapters"),
  ),
  layer(["src/program.ts"], never("sandbox", "deployers", "images", "render", "manifest", "adapters")),
  {
    files: ["src/**"],
    ignores: ["src/ui/standard-streams.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        ...["stdout", "stderr"].map((property) => ({
          object: "process",
          property,
          message:
            'write through src/ui/standard-streams.ts, which builds Node\'s stream only when needed (docs/architecture.md, "Start-up")',
        })),
      ],
    },
  },
  {
    files: ["src/ui/**", "bench/**", "scripts/**", "bin/**"],
    rules: { "no-console": "off" },
  },
  {
    files: ["**/*.cjs", "bin/berth.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", __dirname: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
