// Building blocks under templates/ are imported as parsed data (scripts/yaml-module.mjs).
declare module "*.yml" {
  const block: Record<string, unknown>;
  export default block;
}
