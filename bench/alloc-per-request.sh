#!/usr/bin/env bash
# Heap allocated per request by the reference server, as the program (bin/ctlsock-server) and as a
# library embedded in an application (bench/alloc/EmbeddedEcho.java), from the collector's own log
# (issue 15 item 5). For each mode and load it starts the server with -Xlog:gc+heap=debug, sends
# the load (bench's `load`), stops the server and adds up what the heap held before each collection
# minus what it held after the previous one, between two forced collections around the measured
# load (after a 2 s warm-up): every byte allocated while serving it, jcmd's attach included (a few
# KiB over hundreds of thousands of requests).
#
#   bench/alloc-per-request.sh [DURATION]        # default 10s per load
#   ALLOC_MODES=embedded bench/alloc-per-request.sh 5s   # one mode only (cli, embedded)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}
jar=$(pwd -P)/server/target/ctlsock-server.jar
bench=bench/target/ctlsock-bench.jar
work=$(mktemp -d /tmp/ctlsock-alloc.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Sums what was allocated between the two forced collections (jcmd GC.run) in a log of the serial
# collector (-Xlog:gc,gc+heap=debug): before each collection the heap holds what the previous one
# left plus what was allocated since. The two collections bracket the load.
allocated_bytes() {
  python3 - "$1" <<'PY'
import re, sys
total, counting, last_after, state, used = 0, False, 0, None, {}
for line in open(sys.argv[1]):
    if 'Heap before GC' in line: state, used = 'before', {}
    elif 'Heap after GC' in line: state, used = 'after', {}
    m = re.search(r'(def new generation|tenured generation)\s+total \d+K, used (\d+)K', line)
    if m and state:
        used[m.group(1)] = int(m.group(2)) * 1024
        if len(used) == 2:
            heap = sum(used.values())
            if state == 'before' and counting:
                total += heap - last_after
            elif state == 'after':
                last_after = heap
            state = None
    if 'Pause Full (Diagnostic Command)' in line:
        if counting:
            break            # the second forced collection: the load is over
        counting, total = True, 0
print(total)
PY
}

run() { # NAME LOAD-OPTIONS... ; the server command is in $server_cmd
  local name=$1; shift
  local sock=$work/$name.sock log=$work/$name.gc
  rm -f "$sock"
  CTLSOCK_JAVA_OPTS="-Xlog:gc,gc+heap=debug:file=$log" "${server_cmd[@]}" "$sock" 2>"$work/$name.err" &
  local pid=$!
  local deadline=$((SECONDS + 120)) # the embedded one compiles its source first: slow on a busy machine
  until [[ -S "$sock" ]]; do
    (( SECONDS < deadline )) && kill -0 "$pid" 2>/dev/null || { echo "alloc: $name did not start" >&2; cat "$work/$name.err" >&2; exit 1; }
    sleep 0.05
  done
  local out
  # A warm-up (unmeasured, and for the single-source launch: its compilation), then the bracket.
  java -jar "$bench" load --socket "$sock" --duration 2s --warmup 0s --server-pid none "$@" >/dev/null
  jcmd "$pid" GC.run >/dev/null
  out=$(java -jar "$bench" load --socket "$sock" --duration "$duration" --warmup 0s --server-pid "$pid" --json "$@")
  jcmd "$pid" GC.run >/dev/null
  kill -TERM "$pid"; wait "$pid" || true
  local requests bytes
  requests=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("requests") or d.get("responses"))' <<<"$out")
  bytes=$(allocated_bytes "$log")
  printf '%-10s %-42s %10s requests %8.0f bytes allocated per request\n' "$name" "$*" "$requests" "$(python3 -c "print($bytes/$requests)")"
}

for mode in ${ALLOC_MODES:-cli embedded}; do
  if [[ $mode == cli ]]; then
    server_cmd=(bin/ctlsock-server --quiet)
  else
    # The embedded application with the launcher's JVM settings, minus the archive (it is the program's).
    # --add-exports: as an application that embeds the server and wants the JDK's channels starts
    # its JVM (server/README.md, "The socket layer"); the program's jar says it in its manifest.
    server_cmd=(bash -c 'exec java -XX:+UseSerialGC -Xms12m -Xmn10m -Xmx96m -Xss256k -XX:CICompilerCount=2 -XX:ReservedCodeCacheSize=16m -XX:MaxNodeLimit=15000 -XX:NodeLimitFudgeFactor=1500 -XX:FreqInlineSize=100 --add-exports java.base/sun.nio.ch=ALL-UNNAMED $CTLSOCK_JAVA_OPTS -cp "$0" bench/alloc/EmbeddedEcho.java "$1"' "$jar")
  fi
  run "$mode" --clients 16 --keepalive
  run "$mode" --clients 16 --keepalive --body '["a",1]'
  run "$mode" --clients 16 --close
done
