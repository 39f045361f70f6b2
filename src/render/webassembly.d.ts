// The part of the WebAssembly JavaScript API that sha256.ts uses: TypeScript declares the API
// only in its DOM library, which this Node program does not load (tsconfig.json, "lib").
// https://webassembly.github.io/spec/js-api/
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
