export interface BuildahEnv {
  /** Variables that point Buildah at the temporary store and login file. */
  env: Record<string, string>;
  dir: string;
  remove(): void;
}
export function buildahEnv(): BuildahEnv;
