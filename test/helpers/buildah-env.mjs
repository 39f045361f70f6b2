import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * An isolated Buildah for one test file: its own image store (vfs, which works as root in
 * containers and sandboxes), its own login file, chroot isolation. Nothing outside the
 * temporary directory is touched. Fails when buildah is missing: .ci/run installs it.
 */
export function buildahEnv() {
  if (spawnSync("buildah", ["--version"]).status !== 0)
    throw new Error("buildah is not installed (apt-get install buildah; .ci/run does it)");
  const dir = mkdtempSync(join(tmpdir(), "berth-buildah-"));
  const storageConf = join(dir, "storage.conf");
  writeFileSync(
    storageConf,
    `[storage]\ndriver = "vfs"\ngraphroot = "${join(dir, "graph")}"\nrunroot = "${join(dir, "run")}"\n`,
  );
  return {
    dir,
    env: {
      CONTAINERS_STORAGE_CONF: storageConf,
      REGISTRY_AUTH_FILE: join(dir, "auth.json"),
      BUILDAH_ISOLATION: "chroot",
      BERTH_BUILDER: "buildah",
    },
    remove: () => {
      // vfs layers are plain directories; buildah may leave read-only bits, rm -rf copes.
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
