#!/usr/bin/env bash
# How much scratch memory C2 takes for each method it compiles in the server under the benchmark's loads,
# for a set of JIT options (issue 15, "bounded memory by default"): a benchmark, never a test.
#
#   bench/c2-arena.sh [--top N] [JVM OPTIONS ...]
#
# C2's scratch memory (its arenas, malloc'd and kept by glibc after the compilation) is what raises the
# launcher's peak resident set when inlining grows: the largest single compilation sets the peak, since the
# launcher runs one C2 thread. JDK 17 cannot report it per compilation; JDK 21 and later can
# (-XX:CompileCommand=MemStat). So this runs the program's jar on such a JDK (JAVA_NEWER_HOME, else the
# Temurin 25 JDK in /usr/lib/jvm) with the launcher's heap and compiler-thread settings and the options given,
# loads it through the benchmark's cells (keep-alive at 16 and 64 clients, a new connection per request at
# 16 and 1, GET and POST, 3 s each after 1 s of warm-up), and prints its peak resident set (VmHWM) and the
# N largest compilations (method, arena bytes). Inlining decisions differ a little between JDKs: confirm a
# choice on JDK 17 with bench/launcher-memory.sh.
#
#   bench/c2-arena.sh -XX:FreqInlineSize=100       # the launcher's inlining limit since session 25
#   bench/c2-arena.sh -XX:FreqInlineSize=325       # C2's default: some 20 MiB for ConnectionHandler.serveBody
# Build first: mvn -B -o -q -pl server,bench package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
top=10
if [[ ${1:-} == --top ]]; then top=$2; shift 2; fi
java_newer=${JAVA_NEWER_HOME:-}
if [[ -z $java_newer ]]; then
  for candidate in /usr/lib/jvm/temurin-2[5-9]-* /usr/lib/jvm/java-2[5-9]-*; do
    if [[ -x $candidate/bin/java ]]; then
      java_newer=$candidate
      break
    fi
  done
fi
[[ -n $java_newer ]] || { echo "no JDK 21 or later found: set JAVA_NEWER_HOME" >&2; exit 2; }
bench=bench/target/ctlsock-bench.jar
[[ -f $bench ]] || { echo "build first: mvn -B -o -q -pl server,bench package -DskipTests" >&2; exit 2; }
work=$(mktemp -d /tmp/ctlsock-arena.XXXXXX)
pid=
trap 'if [[ -n $pid ]]; then kill "$pid" 2>/dev/null; fi; rm -rf "$work"' EXIT
MALLOC_ARENA_MAX=2 "$java_newer/bin/java" -XX:+UseSerialGC -Xms12m -Xmn10m -Xmx96m -XX:CICompilerCount=2 \
  -XX:ReservedCodeCacheSize=24m "$@" -XX:CompileCommand=quiet -XX:CompileCommand=MemStat,*::*,print \
  -jar server/target/ctlsock-server.jar --quiet "$work/s.sock" >"$work/out" 2>&1 &
pid=$!
for _ in $(seq 400); do [[ -S $work/s.sock ]] && break; sleep 0.05; done  # polling for the socket, with a deadline
[[ -S $work/s.sock ]] || { echo "the server did not start:" >&2; tail -20 "$work/out" >&2; exit 1; }
for cell in "16 --keepalive" "64 --keepalive" "16 --close" "1 --close"; do
  for body in "" '["a",1]'; do
    # shellcheck disable=SC2086 # the cell is two words
    java -XX:+UseSerialGC -jar "$bench" load --socket "$work/s.sock" --clients $cell ${body:+--body "$body"} \
      --duration 3s --warmup 1s >/dev/null
  done
done
echo "java: $java_newer; options: ${*:-(none)}"
echo "peak RSS (VmHWM): $(awk '/^VmHWM:/{printf "%.1f MiB", $2/1024}' "/proc/$pid/status")"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
echo "C2 compilations: $(grep -c '^c2 ' "$work/out" || true), not ok: $(grep '^c2 ' "$work/out" | grep -vc '(ok)' || true)"
echo "largest C2 arenas (bytes, method):"
grep -E '^c2 .*Arena usage' "$work/out" | sed -E 's/.*Arena usage ([^(]*)\(.*Total Usage: ([0-9]+).*/\2 \1/' \
  | sort -rn | head -"$top"
