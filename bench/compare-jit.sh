#!/usr/bin/env bash
# Compares the launcher's JIT settings back to back on one machine (issue 15, "is C1 only the right
# trade?"): nginx (the ceiling), the launcher as shipped (C1 only) and the launcher with tiered
# compilation up to C2 (one C1 and one C2 compiler thread, a smaller code cache), all three running
# at once and measured in turns, cell by cell and round by round, so a shared machine's load falls
# on all of them alike. Prints one line per measurement (req/s, p99, server CPU per response) and
# each server's peak resident set (VmHWM) at the end, with the load average before and after.
#
#   bench/compare-jit.sh [ROUNDS] [DURATION]        # default 2 rounds of 4s cells
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
duration=${2:-4s}
bench=bench/target/ctlsock-bench.jar
work=$(mktemp -d /tmp/ctlsock-jit.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; sleep 1; rm -rf "$work"' EXIT

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
bin/ctlsock-server --quiet "$work/c1.sock" 2>"$work/c1.err" &
pids+=($!); c1=$!
CTLSOCK_JAVA_OPTS="-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2 -XX:ReservedCodeCacheSize=24m ${CTLSOCK_JAVA_OPTS:-}" \
  bin/ctlsock-server --quiet "$work/c2.sock" 2>"$work/c2.err" &
pids+=($!); c2=$!
for s in nginx c1 c2; do
  for _ in $(seq 200); do [[ -S "$work/$s.sock" ]] && break; sleep 0.05; done
done
nginx_pids=auto  # the processes holding the listening socket: master and workers
declare -A pid_of=([nginx]=$nginx_pids [c1]=$c1 [c2]=$c2)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %-24s %-6s %10s %9s %14s %7s\n' round cell target req/s p99_ms server_us/req others
for round in $(seq "$rounds"); do
  for cell in "16 --keepalive" "64 --keepalive" "16 --close" "1 --close"; do
    set -- $cell
    for target in nginx c1 c2; do
      java -XX:+UseSerialGC -jar "$bench" load --socket "$work/$target.sock" --clients "$1" "$2" \
        --duration "$duration" --warmup 1s --server-pid "${pid_of[$target]}" --json >"$work/last.json"
      python3 - "$round" "$1 $2" "$target" "$work/last.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[4]))
srv = d.get('server') or {}
cpu = srv.get('cpuMicrosPerResponse')
print('%-5s %-24s %-6s %10.0f %9.3f %14.1f %6.0f%%' % (sys.argv[1], sys.argv[2], sys.argv[3], d['requestsPerSecond'],
      d['latencyMillis']['p99'], cpu if cpu is not None else float('nan'), 100 * d.get('otherProcessesCpuShare', 0)))
PY
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
for target in c1 c2; do
  echo "$target peak RSS (VmHWM): $(awk '/VmHWM/{printf "%.1f MiB", $2/1024}' /proc/${pid_of[$target]}/status), now $(awk '/VmRSS/{printf "%.1f MiB", $2/1024}' /proc/${pid_of[$target]}/status)"
done
