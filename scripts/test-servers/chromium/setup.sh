#!/usr/bin/env bash
# Installs Debian's chromium package for the browser tests (HTML report, trend page), driven by
# playwright-core. Never a browser download: Debian's package, through apt-get.
# Safe to run repeatedly: a no-op when a chromium binary is already on PATH (or CHROMIUM_PATH).
set -euo pipefail

install_timeout="${CHROMIUM_SETUP_TIMEOUT:-900}"
die() { echo "chromium setup: $*" >&2; exit 1; }

for bin in "${CHROMIUM_PATH:-}" chromium chromium-browser; do
  [[ -n "$bin" ]] && command -v "$bin" >/dev/null 2>&1 && exit 0
done

command -v apt-get >/dev/null 2>&1 || die "no chromium found and no apt-get to install it; install Chromium and set CHROMIUM_PATH."
sudo=""
if [[ "$(id -u)" != "0" ]]; then
  command -v sudo >/dev/null 2>&1 || die "installing chromium needs root (apt-get); run as root or set CHROMIUM_PATH."
  sudo="sudo"
fi
t0=$(date +%s)
echo "chromium setup: installing Debian's chromium package (apt-get)"
export DEBIAN_FRONTEND=noninteractive
timeout "$install_timeout" $sudo apt-get update -qq >/dev/null || die "apt-get update failed or timed out"
timeout "$install_timeout" $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null || die "apt-get install chromium failed or timed out"
command -v chromium >/dev/null 2>&1 || die "chromium still not on PATH after install"
echo "chromium setup: done in $(( $(date +%s) - t0 ))s ($(chromium --version 2>/dev/null | head -1))"
