#!/usr/bin/env bash
# Race rounds for the pollers (issue 15, session 19; BENCHMARKS.md): the launcher, optionally under strace with
# a delay injected, under four loads at once (keep-alive GET, keep-alive POST /sleep [3], a new connection per
# request, and a client that waits out the idle timeout), then checks what is left. Not run by CI: a tool for
# widening the windows by hand after a change to the poller or the takeover.
#   bench/race-rounds/run.sh NAME 'STRACE OPTIONS' SECONDS     (STRACE OPTIONS "none": no strace)
#   e.g. bench/race-rounds/run.sh write '-e trace=write -e inject=write:delay_enter=300' 8
# Needs the built server and bench jars (mvn -B package -DskipTests), strace, curl and python3.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
name=$1 inject=$2 secs=$3
dir=${TMPDIR:-/tmp}/race-rounds/$name; rm -rf "$dir"; mkdir -p "$dir"
B="java -XX:TieredStopAtLevel=1 -jar $repo/bench/target/ctlsock-bench.jar load --socket $dir/s --duration ${secs}s --warmup 0s --timeout 20s --server-pid none"
if [ "$inject" = none ]; then pre=""; else pre="strace -f -qq -o /dev/null $inject"; fi
setsid $pre $repo/bin/ctlsock-server --quiet --idle-timeout 1s --read-timeout 2s "$dir/s" > "$dir/server.log" 2>&1 &
for i in $(seq 300); do [ -S "$dir/s" ] && curl -s --max-time 5 --unix-socket "$dir/s" http://x/echo >/dev/null && break; sleep 0.1; done
pid=$(pgrep -f "org.ctlsock.server.cli.Main --quiet --idle-timeout 1s --read-timeout 2s $dir/s" | head -1)
$B --clients 24 --keepalive > "$dir/ka.txt" 2>&1 &
$B --clients 6 --keepalive --path /sleep --body '[3]' > "$dir/sleep.txt" 2>&1 &
$B --clients 4 --close --body '["a",1]' > "$dir/close.txt" 2>&1 &
python3 "$here/idler.py" "$dir/s" "$secs" > "$dir/idler.txt" 2>&1 &
wait $(jobs -p | tail -4) 2>/dev/null
# after the loads: every connection closed by now or within the idle timeout
sleep_until=$(( $(date +%s) + 10 ))
fds() { ls -l /proc/$pid/fd 2>/dev/null | grep -c socket; }
while [ "$(fds)" -gt 3 ] && [ "$(date +%s)" -lt $sleep_until ]; do sleep 0.2; done
echo "== $name: sockets held after the loads: $(fds)"
ls -l /proc/$pid/fd | grep socket | wc -l
for f in ka sleep close; do printf '%s: ' $f; grep -E 'responses|errors|statuses' "$dir/$f.txt" | tr '\n' ' '; echo; done
cat "$dir/idler.txt"
curl -s --max-time 5 --unix-socket "$dir/s" http://x/echo -d '["still",1]'; echo
kill -TERM $pid; sleep 1; cat "$dir/server.log" | tail -3
