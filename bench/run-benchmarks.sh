#!/usr/bin/env bash
# Runs the benchmark in one go: builds what is missing, then starts each server under test (the
# reference server, the Python, Node.js and Go fixtures, nginx as the ceiling) on its own socket,
# measures it, stops it, and rewrites the generated section of BENCHMARKS.md.
#
#   bench/run-benchmarks.sh                      # the default short run (3 s per cell, a few minutes)
#   bench/run-benchmarks.sh --duration 10s --warmup 2s --starts 11
#   bench/run-benchmarks.sh --targets nginx,reference --no-write
#   bench/run-benchmarks.sh --with-jvm-variants  # also the reference server with start-up/memory flags
#   bench/run-benchmarks.sh --baseline-jar /tmp/old/ctlsock-server.jar   # also an older build, same run
#
# The reference server is measured twice: as `java -jar server/target/ctlsock-server.jar` (target
# `reference`, the JVM's defaults) and as the README starts it, through bin/ctlsock-server (target
# `reference-launcher`, which uses the CDS archive the build made beside the jar). `jvm-event-loop`,
# `jvm-event-loop-pool` and `jvm-event-loop-takeover` are the bench jar's bare echo server on event
# loops under the same launcher: what the JVM costs before any HTTP library runs.
#   BENCH_NICE=-5 bench/run-benchmarks.sh        # run generator and servers at a higher priority, so
#                                                # that other work on a shared machine disturbs less
#                                                # (root only; with autogroup scheduling, the nice
#                                                # value of this session's group is raised, and
#                                                # restored at the end)
#
# All other options are those of `java -jar bench/target/ctlsock-bench.jar bench` (bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# The command line as the report records it, quoted so that it can be pasted into a shell again.
invocation="${BENCH_NICE:+BENCH_NICE=$BENCH_NICE }bench/run-benchmarks.sh"
for word in "$@"; do
  if [[ $word =~ ^[A-Za-z0-9_./=,:@+-]+$ ]]; then
    invocation+=" $word"
  else
    invocation+=" '${word//\'/\'\\\'\'}'"
  fi
done

mvn_offline() {
  # Offline first (fast, no network); online when a plugin or dependency is not in the local repo yet.
  mvn -B -q -o "$@" || mvn -B -q "$@"
}

cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c"; done' EXIT

# Linux schedules whole sessions ("autogroups") fairly against each other when autogroup is on, so
# a process's own nice value only ranks it within this session: the group's must be raised.
priority=()
if [[ -n "${BENCH_NICE:-}" ]]; then
  if [[ "$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null)" == 1 && -w /proc/$$/autogroup ]]; then
    old_group_nice=$(sed -n 's/.* nice //p' /proc/$$/autogroup)
    echo "$BENCH_NICE" > /proc/$$/autogroup
    cleanup+=("echo ${old_group_nice:-0} > /proc/$$/autogroup")
  fi
  priority=(nice -n "$BENCH_NICE")
fi

variants=false
baseline=
args=()
while (($#)); do
  case "$1" in
    --with-jvm-variants) variants=true ;;
    --baseline-jar) baseline=$2; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
if [[ -x bin/ctlsock-server ]]; then
  args+=(--target "reference-launcher=bin/ctlsock-server --quiet {socket}")
  # What the JVM itself costs: a bare echo from two event loops on the JDK's channels, answering on
  # the loops, on pooled threads, and on the loops with a takeover; started by the same launcher, so
  # with the same JVM options (ctlsock-bench.jar ceiling, bench/README.md).
  ceiling="env CTLSOCK_SERVER_JAR=bench/target/ctlsock-bench.jar CTLSOCK_MAIN_CLASS=org.ctlsock.bench.Main bin/ctlsock-server ceiling --socket {socket}"
  args+=(--target "jvm-event-loop=$ceiling" --target "jvm-event-loop-pool=$ceiling --pool"
         --target "jvm-event-loop-takeover=$ceiling --takeover")
fi
if [[ -n "$baseline" ]]; then
  # An older build measured in the same run, so that "today vs after" shares the machine's state.
  args+=(--target "reference-baseline=java -jar $baseline --quiet {socket}")
fi

if [[ ! -f server/target/ctlsock-server.jar ]]; then
  echo "run-benchmarks: building the reference server" >&2
  mvn_offline -pl server package -DskipTests
elif [[ -n "$(find server/src server/pom.xml -newer server/target/ctlsock-server.jar -print -quit)" ]]; then
  # Not rebuilt here: the sources may be someone's work in progress. Build it, or pass --server-jar.
  echo "run-benchmarks: note: server/target/ctlsock-server.jar is older than server/ sources" >&2
fi
if [[ ! -f bench/target/ctlsock-bench.jar || -n "$(find bench/src bench/pom.xml -newer bench/target/ctlsock-bench.jar -print -quit)" ]]; then
  echo "run-benchmarks: building the load generator" >&2
  mvn_offline -pl bench package -DskipTests
fi
# The Go fixture compiles itself on its first start: build it now so that its start-up time is a start's.
if [[ -x fixtures/go/run.sh ]] && command -v go >/dev/null; then
  fixtures/go/run.sh --build-only >&2
fi

jar=server/target/ctlsock-server.jar
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[i]}" == --server-jar ]] && jar="${args[i+1]:-$jar}"
done
if $variants; then
  # The reference server with an application class-data-sharing archive made by one training
  # start, and with the JVM flags that trade peak throughput for start-up time and memory (with and
  # without the archive).
  work=$(mktemp -d /tmp/ctlsock-bench-cds.XXXXXX)
  cleanup+=("rm -rf '$work'")
  small="-XX:+UseSerialGC -Xmx64m -Xss256k -XX:TieredStopAtLevel=1"
  java -XX:ArchiveClassesAtExit="$work/reference.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -jar "$jar" --quiet "$work/train.sock" >"$work/train.log" 2>&1 &
  trainer=$!
  deadline=$((SECONDS + 30))
  until [[ -S "$work/train.sock" ]]; do   # poll for the socket, bounded
    if (( SECONDS >= deadline )) || ! kill -0 "$trainer" 2>/dev/null; then
      echo "run-benchmarks: the CDS training start of the reference server failed:" >&2
      cat "$work/train.log" >&2
      exit 1
    fi
    sleep 0.05
  done
  # Train on both scenarios and both connection modes, so their classes are in the archive.
  for mode in --keepalive --close; do
    java -jar bench/target/ctlsock-bench.jar load --socket "$work/train.sock" --duration 1s --warmup 0s \
      --clients 2 $mode >/dev/null
    java -jar bench/target/ctlsock-bench.jar load --socket "$work/train.sock" --duration 1s --warmup 0s \
      --clients 2 $mode --body '["a",1]' >/dev/null
  done
  kill -TERM "$trainer"
  wait "$trainer" || true
  args+=(--target "reference-cds=java -XX:SharedArchiveFile=$work/reference.jsa -jar $jar --quiet {socket}"
         --target "reference-small=java $small -jar $jar --quiet {socket}"
         --target "reference-small-cds=java -XX:SharedArchiveFile=$work/reference.jsa $small -jar $jar --quiet {socket}")
fi

# The servers inherit the priority (only root may raise it).
"${priority[@]}" java -jar bench/target/ctlsock-bench.jar bench --repo . \
  --command-line "$invocation" "${args[@]}"
