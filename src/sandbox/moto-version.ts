/**
 * The moto release berth's sandbox is tested with. moto_sitecustomize.py patches moto's
 * internals, which change between minor releases, so the sandbox refuses another minor
 * (a patch release of the same minor is accepted). scripts/install-test-tools.sh installs
 * exactly this version; test/sandbox/moto-version.test.ts keeps the two the same.
 */
export const MOTO_VERSION = "5.2.1";

export const MOTO_INSTALL_HINT = `install it with: pip install 'moto[server]==${MOTO_VERSION}'`;

/** The line moto_sitecustomize.py writes on moto_server's stderr when it loads. */
const VERSION_LINE = /^berth-moto-version: (\S+)$/;

export function reportedMotoVersion(line: string): string | undefined {
  return VERSION_LINE.exec(line.trim())?.[1];
}

/** Why a moto version cannot run the sandbox, or undefined when it can. */
export function unsupportedMotoVersion(version: string | undefined): string | undefined {
  const minor = (v: string) => v.split(".").slice(0, 2).join(".");
  if (version === undefined) return "moto's version could not be read (berth's patches did not load)";
  if (minor(version) !== minor(MOTO_VERSION))
    return `moto ${version} is installed; berth's sandbox is tested with moto ${MOTO_VERSION} (its patches fit moto ${minor(MOTO_VERSION)})`;
  return undefined;
}
