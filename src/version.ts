// Injected by scripts/build.mjs from package.json, so the CLI reads no file at start-up.
declare const __BERTH_VERSION__: string | undefined;

export const version: string = typeof __BERTH_VERSION__ === "string" ? __BERTH_VERSION__ : "0.0.0-dev";
