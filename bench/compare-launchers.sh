#!/usr/bin/env bash
# Compares variants of the launcher side by side on one machine: nginx (the ceiling) and
# bin/ctlsock-server once per variant, all running at once and measured in turns, cell by cell and
# round by round, so a shared machine's load falls on all of them alike. Prints one line per
# measurement (req/s, p99, server CPU per response and its user-mode part, other processes' CPU share) and each server's
# peak resident set (VmHWM) at the end, with the load average before and after. Server CPU per
# response is the figure a busy machine disturbs least; its user-mode part is the one a JIT setting
# moves (the kernel's part moves with how the requests happened to batch). The first round includes
# the JIT's warm-up: judge on the later ones.
#
#   bench/compare-launchers.sh [--rounds N] [--duration D] NAME=[JAR][,JVM OPTIONS] ...
#       a variant: its name, the server jar (default server/target/ctlsock-server.jar; its class-data
#       archive is used when it lies beside it, as the launcher does) and JVM options given after the
#       launcher's (CTLSOCK_JAVA_OPTS), e.g.  c2=,-XX:TieredStopAtLevel=4  or  base=/tmp/base/ctlsock-server.jar
#   CELLS overrides the cells, e.g. CELLS="16 --close|1 --close|64 --keepalive --body [\"a\",1]" (a cell is the
#   client count and the load generator's options). Defaults: 2 rounds of 4 s cells.
# bench/compare-jit.sh (C1 against tiered C2) and bench/compare-builds.sh (two jars) are two uses of it.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=2
duration=4s
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    *) break ;;
  esac
done
[[ $# -gt 0 ]] || { echo "usage: bench/compare-launchers.sh [--rounds N] [--duration D] NAME=[JAR][,JVM OPTIONS] ..." >&2; exit 2; }
bench=bench/target/ctlsock-bench.jar
[[ -f "$bench" ]] || { echo "build the load generator first: mvn -B -o -q -pl bench package -DskipTests" >&2; exit 2; }
work=$(mktemp -d /tmp/ctlsock-compare.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

cat >"$work/nginx.conf" <<CONF
worker_processes auto;
error_log $work/nginx.err;
pid $work/nginx.pid;
events {}
http {
  access_log off;
  keepalive_requests 1000000000;
  keepalive_timeout 600s;
  server { listen unix:$work/nginx.sock; location / { default_type application/json; return 200 '["a",1]'; } }
}
CONF
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)
declare -A pid_of=([nginx]=auto)
names=(nginx)
for variant in "$@"; do
  name=${variant%%=*} spec=${variant#*=}
  jar=${spec%%,*} opts=
  [[ $spec == *,* ]] && opts=${spec#*,}
  jar=$(realpath "${jar:-server/target/ctlsock-server.jar}")
  CTLSOCK_SERVER_JAR="$jar" CTLSOCK_JAVA_OPTS="$opts" bin/ctlsock-server --quiet "$work/$name.sock" 2>"$work/$name.err" &
  pids+=($!); pid_of[$name]=$!; names+=("$name")
  echo "$name: $jar${opts:+ with $opts}"
done
for s in "${names[@]}"; do
  for _ in $(seq 200); do [[ -S "$work/$s.sock" ]] && break; sleep 0.05; done  # start-up poll, not a measurement
  [[ -S "$work/$s.sock" ]] || { echo "$s did not start:" >&2; cat "$work/$s.err" "$work/nginx.err" 2>/dev/null >&2; exit 1; }
done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %-24s %-10s %10s %9s %14s %12s %7s\n' round cell target req/s p99_ms server_us/req user_us/req others
IFS='|' read -r -a cells <<<"${CELLS:-16 --keepalive|64 --keepalive|16 --close|1 --close}"
for round in $(seq "$rounds"); do
  for cell in "${cells[@]}"; do
    set -f; set -- $cell; set +f   # split into words, no globbing (a body like ["a",1] is a pattern)
    for target in "${names[@]}"; do
      # A cell's words after the client count all go to the load generator (--body, --path, ...).
      java -XX:+UseSerialGC -jar "$bench" load --socket "$work/$target.sock" --clients "$@" \
        --duration "$duration" --warmup 1s --server-pid "${pid_of[$target]}" --json >"$work/last.json"
      python3 - "$round" "$*" "$target" "$work/last.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[4]))
srv = d.get('server') or {}
cpu = srv.get('cpuMicrosPerResponse')
user = srv.get('userCpuMicrosPerResponse')
print('%-5s %-24s %-10s %10.0f %9.3f %14.1f %12.2f %6.0f%%' % (sys.argv[1], sys.argv[2], sys.argv[3], d['requestsPerSecond'],
      d['latencyMillis']['p99'], cpu if cpu is not None else float('nan'), user if user is not None else float('nan'),
      100 * d.get('otherProcessesCpuShare', 0)))
PY
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
for target in "${names[@]:1}"; do
  echo "$target peak RSS (VmHWM): $(awk '/VmHWM/{printf "%.1f MiB", $2/1024}' /proc/${pid_of[$target]}/status), now $(awk '/VmRSS/{printf "%.1f MiB", $2/1024}' /proc/${pid_of[$target]}/status)"
done
