#!/usr/bin/env bash
# Installs a Neo4j community server (jars only, from Maven Central) into
# .test-servers/neo4j/lib for test/servers/neo4j.ts to launch.
# Safe to run repeatedly: a stamp holding the hash of pom.xml and this script
# makes a second run a no-op until either changes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
dest="${NEO4J_TEST_HOME:-$root/.test-servers/neo4j}"
pom="$here/pom.xml"
stamp="$dest/.leakpath-stamp"
# A cold Maven cache means ~200 MB of downloads; a stalled registry
# connection must end in an error, not a hung test run.
install_timeout="${NEO4J_SETUP_TIMEOUT:-900}"

die() { echo "neo4j setup: $*" >&2; exit 1; }

want="$(cat "$pom" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)"
installed() {
  [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && compgen -G "$dest/lib/neo4j-5.*.jar" >/dev/null
}

installed && exit 0

command -v java >/dev/null 2>&1 || die "'java' not found; Neo4j 5.26 needs Java 17 or 21 on PATH."
command -v mvn >/dev/null 2>&1 || die "'mvn' not found; install Maven 3.6+ (on Debian: apt-get install maven)."
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
[[ "$java_major" =~ ^[0-9]+$ && "$java_major" -ge 17 ]] || die "Java 17+ required, found '${java_major:-unknown}'."

mkdir -p "$dest"
# Concurrent test runs may both decide to install; serialise them so neither
# replaces lib/ while the other is copying into it or launching from it.
exec 9>"$dest.lock"
flock -w "$install_timeout" 9 || die "timed out waiting for another setup run (lock $dest.lock)."
installed && exit 0

echo "neo4j setup: resolving org.neo4j:neo4j from Maven Central into $dest (one-off, may take minutes)" >&2
start=$SECONDS
log="$dest/setup.log"
staging="$dest/lib.partial"
rm -rf "$staging"
# -ntp keeps the log readable; runtime scope pulls what the server needs at
# run time and nothing used only by Neo4j's own tests.
if ! timeout --kill-after=15 "$install_timeout" mvn -B -ntp -f "$pom" \
    dependency:copy-dependencies \
    -DincludeScope=runtime \
    -DoutputDirectory="$staging" >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  rm -rf "$staging"
  die "Maven failed or exceeded ${install_timeout}s (set NEO4J_SETUP_TIMEOUT to change); full log: $log"
fi

compgen -G "$staging/neo4j-5.*.jar" >/dev/null || {
  rm -rf "$staging"
  die "Maven finished but no neo4j-5.*.jar was copied; see $log"
}

# Swap in whole so a failed or interrupted run never leaves a half-filled lib/.
rm -rf "$dest/lib"
mv "$staging" "$dest/lib"
echo "$want" >"$stamp"
echo "neo4j setup: done in $((SECONDS - start))s ($(ls "$dest/lib" | wc -l) jars)" >&2
