// Python files under src/sandbox/ are imported as their text (scripts/build.mjs, vitest.config.ts).
declare module "*.py" {
  const text: string;
  export default text;
}
