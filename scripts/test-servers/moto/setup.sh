#!/usr/bin/env bash
# Installs moto's server into a private venv at .test-servers/moto-venv.
# Safe to run repeatedly: a stamp holding the hash of requirements.txt (and the
# interpreter version) makes a second run a no-op until either changes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="${MOTO_VENV:-$root/.test-servers/moto-venv}"
req="$here/requirements.txt"
stamp="$venv/.leakpath-stamp"
# pip can hang on a stalled registry connection; cap the whole install.
install_timeout="${MOTO_SETUP_TIMEOUT:-600}"
python="${PYTHON:-python3}"

die() { echo "moto setup: $*" >&2; exit 1; }

command -v "$python" >/dev/null 2>&1 || die "'$python' not found; install Python 3.9+ (or set PYTHON)."

# macOS ships shasum and lacks sha256sum / timeout; keep the script usable there.
sha256() { if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi | cut -d' ' -f1; }
bounded() { if command -v timeout >/dev/null 2>&1; then timeout "$install_timeout" "$@"; else "$@"; fi; }

want="$( { sha256 <"$req"; "$python" -c 'import sys; print(sys.version)'; } | sha256)"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$venv/bin/moto_server" ]]; then
  exit 0
fi

mkdir -p "$(dirname "$venv")"
# Parallel test runs may both decide to install; serialise them so neither
# deletes the venv the other is filling.
exec 9>"$venv.lock"
if command -v flock >/dev/null 2>&1; then
  flock -w "$install_timeout" 9 || die "timed out waiting for another setup run (lock $venv.lock)."
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$venv/bin/moto_server" ]]; then
    exit 0
  fi
fi

echo "moto setup: installing $(grep -v '^#' "$req" | tr '\n' ' ')into $venv" >&2
start=$SECONDS
# A venv left by an older requirements set or a half-finished install is not
# trusted: rebuild from nothing so the result matches requirements.txt exactly.
rm -rf "$venv"
"$python" -m venv "$venv" || die "could not create venv (on Debian: apt-get install python3-venv)."

log="$(dirname "$venv")/moto-setup.log"
if ! bounded "$venv/bin/pip" install --disable-pip-version-check \
    --no-input --timeout 60 --retries 2 -r "$req" >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  rm -rf "$venv"
  die "pip install failed or exceeded ${install_timeout}s; full log: $log"
fi

[[ -x "$venv/bin/moto_server" ]] || die "install finished but $venv/bin/moto_server is missing; see $log"
echo "$want" >"$stamp"
echo "moto setup: done in $((SECONDS - start))s" >&2
