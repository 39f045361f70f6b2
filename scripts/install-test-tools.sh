#!/bin/sh
# What the tests need besides Node and node_modules, installed when missing: shared by
# `npm test` (its pretest step) and .ci/run, so the two cannot need different things.
#   cfn-lint, moto_server   AWS's CloudFormation linter and the AWS API emulator (PyPI)
#   buildah, docker-registry  real image builds, pushed to a real registry (Debian packages)
#   tmux                      a real terminal for the live view's test (Debian package)
# The tests start and stop their own moto_server and registry on loopback ports.
set -eu

# moto is pinned: the sandbox patches its internals (src/sandbox/moto-version.ts names the
# same version, and test/sandbox/moto-version.test.ts keeps the two the same).
MOTO_VERSION="5.2.1"
PIP_PACKAGES="cfn-lint moto[server]==$MOTO_VERSION"
APT_PACKAGES=""
missing_pip=""
for tool in cfn-lint moto_server; do
  command -v "$tool" >/dev/null 2>&1 || missing_pip="$missing_pip $tool"
done
# The installed moto's version, when the Python on PATH has it (pyenv, a venv, the system's).
if command -v moto_server >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
  installed="$(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || true)"
  if [ -n "$installed" ] && [ "$installed" != "$MOTO_VERSION" ]; then
    missing_pip="$missing_pip moto==$MOTO_VERSION (found $installed)"
  fi
fi
for tool in buildah docker-registry tmux; do
  command -v "$tool" >/dev/null 2>&1 || APT_PACKAGES="$APT_PACKAGES $tool"
done

if [ -n "$missing_pip" ]; then
  echo "--- installing$missing_pip: pip install $PIP_PACKAGES"
  # shellcheck disable=SC2086
  if ! python3 -m pip install --quiet $PIP_PACKAGES; then
    echo "berth tests: $missing_pip missing and could not be installed; run: pip install cfn-lint 'moto[server]==$MOTO_VERSION'" >&2
    exit 1
  fi
fi

if [ -n "$APT_PACKAGES" ]; then
  if [ "$(id -u)" = 0 ]; then
    as_root=""
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo"
  else
    echo "berth tests:$APT_PACKAGES missing; run: sudo apt-get install -y$APT_PACKAGES" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "berth tests:$APT_PACKAGES missing and this is not a Debian-like system; install buildah and a Docker registry (distribution) server" >&2
    exit 1
  fi
  echo "--- installing$APT_PACKAGES: apt-get install"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  if ! { $as_root apt-get update -qq && $as_root apt-get install -y -qq --no-install-recommends $APT_PACKAGES >/dev/null; }; then
    echo "berth tests:$APT_PACKAGES could not be installed; run: sudo apt-get install -y$APT_PACKAGES" >&2
    exit 1
  fi
fi
