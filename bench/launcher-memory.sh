#!/usr/bin/env bash
# Where the launcher's resident memory goes, and what JVM options would change its peak (issue 15, "bounded
# memory by default"): a benchmark, never a test.
#
#   bench/launcher-memory.sh [NAME='JVM OPTIONS' ...]     # default: as shipped (C2 kept small), C1 only, C2 at its defaults
#
# For each variant, starts bin/ctlsock-server with CTLSOCK_JAVA_OPTS set to the options (after the launcher's,
# so they win), loads it twice through the benchmark's cells (keep-alive at 16 and 64 clients, a new connection
# per request at 16 and 1, 2 s each after 1 s of warm-up), and prints its peak resident set (VmHWM), the
# largest sample of its resident set split into anonymous and file-backed memory, its thread count, and the
# resident memory of its largest mappings at the end (the class-data-sharing archive, libjvm.so, the
# connection threads' stacks…). Peaks move by 2-4 MiB from run to run: compare variants over several runs.
# Build first: mvn -B -o -q -pl server,bench package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/jit-variants.sh
[[ $# -gt 0 ]] || set -- shipped= "c1=$C1_ONLY_OPTS" "c2=$C2_DEFAULT_OPTS"
bench=bench/target/ctlsock-bench.jar
for variant in "$@"; do
  name=${variant%%=*} opts=${variant#*=}
  work=$(mktemp -d /tmp/ctlsock-mem.XXXXXX)
  CTLSOCK_JAVA_OPTS="$opts" bin/ctlsock-server --quiet "$work/s.sock" 2>"$work/err" &
  pid=$!
  for _ in $(seq 400); do [[ -S $work/s.sock ]] && break; sleep 0.05; done  # polling for the socket, with a deadline
  # Samples of the resident set every 50 ms (the peak itself is VmHWM; the samples say whether it was anonymous).
  (while kill -0 "$pid" 2>/dev/null; do awk '/^(VmRSS|RssAnon|RssFile|Threads):/{printf "%s ", $2} END{print ""}' \
    "/proc/$pid/status" 2>/dev/null || true; sleep 0.05; done) >"$work/samples" &
  sampler=$!
  for _ in 1 2; do
    for cell in "16 --keepalive" "64 --keepalive" "16 --close" "1 --close"; do
      # shellcheck disable=SC2086 # the cell is two words
      java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$bench" load --socket "$work/s.sock" --clients $cell \
        --duration 2s --warmup 1s >/dev/null
    done
  done
  hwm=$(awk '/^VmHWM:/{print $2}' "/proc/$pid/status")
  mappings=$(python3 - "$pid" <<'PY'
import collections, re, sys
rss = collections.Counter(); count = collections.Counter(); current = None
for line in open(f'/proc/{sys.argv[1]}/smaps'):
    m = re.match(r'^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(\S*)', line)
    if m:
        size = (int(m.group(2), 16) - int(m.group(1), 16)) // 1024
        name = m.group(3).rsplit('/', 1)[-1] if m.group(3) else f'anonymous {size} KiB'
        current = name
    elif line.startswith('Rss:') and current:
        rss[current] += int(line.split()[1]); count[current] += 1
print('; '.join(f'{k}{" ×" + str(count[k]) if count[k] > 1 and k.startswith("anon") else ""} {v / 1024:.1f}'
                for k, v in rss.most_common(6)))
PY
)
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; kill "$sampler" 2>/dev/null || true
  peak=$(sort -n "$work/samples" | tail -n 1)
  read -r rss anon file threads <<<"$peak"
  printf '%-14s VmHWM %5.1f MiB | largest sample: %5.1f MiB (anonymous %.1f, file %.1f), %s threads | MiB at the end: %s\n' \
    "$name" "$(echo "$hwm / 1024" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$(echo "$anon / 1024" | bc -l)" \
    "$(echo "$file / 1024" | bc -l)" "$threads" "$mappings"
  rm -rf "$work"
done
