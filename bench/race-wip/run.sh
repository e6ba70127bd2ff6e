#!/usr/bin/env bash
# WIP (session 19, not wired into anything): one round: the launcher under strace with a delay injected, loads at once, then checks.
# usage: run.sh NAME 'STRACE INJECT OPTIONS' SECONDS
set -u
name=$1 inject=$2 secs=$3
dir=/tmp/race/$name; rm -rf "$dir"; mkdir -p "$dir"
B="java -XX:TieredStopAtLevel=1 -jar /work/poll/bench/target/ctlsock-bench.jar load --socket $dir/s --duration ${secs}s --warmup 0s --timeout 20s --server-pid none"
if [ "$inject" = none ]; then pre=""; else pre="strace -f -qq -o /dev/null $inject"; fi
setsid $pre /work/poll/bin/ctlsock-server --quiet --idle-timeout 1s --read-timeout 2s "$dir/s" > "$dir/server.log" 2>&1 &
for i in $(seq 300); do [ -S "$dir/s" ] && curl -s --max-time 5 --unix-socket "$dir/s" http://x/echo >/dev/null && break; sleep 0.1; done
pid=$(pgrep -f "ctlsock-server.jar --quiet --idle-timeout 1s --read-timeout 2s $dir/s" | head -1)
$B --clients 24 --keepalive > "$dir/ka.txt" 2>&1 &
$B --clients 6 --keepalive --path /sleep --body '[3]' > "$dir/sleep.txt" 2>&1 &
$B --clients 4 --close --body '["a",1]' > "$dir/close.txt" 2>&1 &
python3 /tmp/race/idler.py "$dir/s" "$secs" > "$dir/idler.txt" 2>&1 &
wait $(jobs -p | tail -4) 2>/dev/null
# after the loads: every connection closed by now or within the idle timeout
sleep_until=$(( $(date +%s) + 10 ))
fds() { ls -l /proc/$pid/fd 2>/dev/null | grep -c socket; }
while [ "$(fds)" -gt 3 ] && [ "$(date +%s)" -lt $sleep_until ]; do sleep 0.2; done
echo "== $name: sockets held after the loads: $(fds) (the listener and the pollers' wake-up pairs excluded? see below)"
ls -l /proc/$pid/fd | grep socket | wc -l
for f in ka sleep close; do printf '%s: ' $f; grep -E 'responses|errors|statuses' "$dir/$f.txt" | tr '\n' ' '; echo; done
cat "$dir/idler.txt"
curl -s --max-time 5 --unix-socket "$dir/s" http://x/echo -d '["still",1]'; echo
kill -TERM $pid; sleep 1; cat "$dir/server.log" | tail -3
