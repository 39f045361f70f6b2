import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
// The patches are a real Python file (src/sandbox/moto_sitecustomize.py), bundled as text.
import SITECUSTOMIZE from "./moto_sitecustomize.py";

/**
 * The environment that makes moto_server load berth's patches (moto_sitecustomize.py, as
 * `sitecustomize`, found through PYTHONPATH so it works whichever Python or shim runs moto),
 * and a cleanup for their directory.
 */
export async function motoPatches(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ env: NodeJS.ProcessEnv; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "berth-moto-patches-"));
  await writeFile(join(dir, "sitecustomize.py"), SITECUSTOMIZE);
  const pythonPath = env.PYTHONPATH ? `${dir}${delimiter}${env.PYTHONPATH}` : dir;
  return { env: { ...env, PYTHONPATH: pythonPath }, remove: () => rm(dir, { recursive: true, force: true }) };
}
