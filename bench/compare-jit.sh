#!/usr/bin/env bash
# Compares the launcher's JIT settings back to back on one machine (issue 15, "is C1 only the right
# trade?"): nginx (the ceiling), the launcher as shipped (C1 only), the launcher with C2 kept small
# (one C1 and one C2 thread, a 16 MiB code cache, C2 inlining little within graphs of at most 15,000
# nodes: BENCHMARKS.md, "Issue 15, session 14") and with C2 at its defaults (one thread each, a 24 MiB
# code cache), all running at once and measured in turns, cell by cell and round by round, so a shared
# machine's load falls on all of them alike. Prints one line per measurement (req/s, p99, server CPU
# per response) and each server's peak resident set (VmHWM) at the end, with the load average before
# and after (bench/compare-launchers.sh). Session 14 measured c2-small with
# MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=32768 MALLOC_TRIM_THRESHOLD_=65536 in the environment (it
# goes to every variant), which lowers its peak.
#
#   bench/compare-jit.sh [ROUNDS] [DURATION]        # default 2 rounds of 4s cells
set -euo pipefail
. "$(dirname "$0")/jit-variants.sh"
# CTLSOCK_JAVA_OPTS, if set, goes to the C2 variants only (after their options).
exec "$(dirname "$0")/compare-launchers.sh" --rounds "${1:-2}" --duration "${2:-4s}" c1= \
  "c2-small=,$C2_SMALL_OPTS ${CTLSOCK_JAVA_OPTS:-}" \
  "c2=,-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2 -XX:ReservedCodeCacheSize=24m ${CTLSOCK_JAVA_OPTS:-}"
