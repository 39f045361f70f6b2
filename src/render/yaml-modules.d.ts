// Building blocks under templates/ are imported compiled: a function from the block's variables
// to the filled block (scripts/yaml-module.mjs; `Block` in src/render/fill-block.ts).
declare module "*.yml" {
  const block: (vars: Record<string, unknown>) => Record<string, unknown>;
  export default block;
}
