#!/usr/bin/env bash
# Runs the benchmark in one go: builds what is missing, then starts each server under test (the
# reference server, the Python, Node.js and Go fixtures, nginx as the ceiling) on its own socket,
# measures it, stops it, and rewrites the generated section of BENCHMARKS.md.
#
#   bench/run-benchmarks.sh                      # the default short run (3 s per cell, a few minutes)
#   bench/run-benchmarks.sh --duration 10s --warmup 2s --starts 11
#   bench/run-benchmarks.sh --targets nginx,reference --no-write
#
# All options are those of `java -jar bench/target/ctlsock-bench.jar bench` (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn_offline() {
  # Offline first (fast, no network); online when a plugin or dependency is not in the local repo yet.
  mvn -B -q -o "$@" || mvn -B -q "$@"
}

if [[ ! -f server/target/ctlsock-server.jar ]]; then
  echo "run-benchmarks: building the reference server" >&2
  mvn_offline -pl server package -DskipTests
fi
if [[ ! -f bench/target/ctlsock-bench.jar || -n "$(find bench/src bench/pom.xml -newer bench/target/ctlsock-bench.jar -print -quit)" ]]; then
  echo "run-benchmarks: building the load generator" >&2
  mvn_offline -pl bench package -DskipTests
fi
# The Go fixture compiles itself on its first start: build it now so that its start-up time is a start's.
if [[ -x fixtures/go/run.sh ]] && command -v go >/dev/null; then
  fixtures/go/run.sh --build-only >&2
fi

exec java -jar bench/target/ctlsock-bench.jar bench --repo . \
  --command-line "bench/run-benchmarks.sh${*:+ $*}" "$@"
