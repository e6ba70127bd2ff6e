#!/usr/bin/env bash
# Compares the launcher's JIT settings back to back on one machine (issue 15, "is C1 only the right
# trade?"): nginx (the ceiling), the launcher as shipped (C1 only) and the launcher with tiered
# compilation up to C2 (one C1 and one C2 compiler thread, a smaller code cache), all three running
# at once and measured in turns, cell by cell and round by round, so a shared machine's load falls
# on all of them alike. Prints one line per measurement (req/s, p99, server CPU per response) and
# each server's peak resident set (VmHWM) at the end, with the load average before and after
# (bench/compare-launchers.sh).
#
#   bench/compare-jit.sh [ROUNDS] [DURATION]        # default 2 rounds of 4s cells
set -euo pipefail
# CTLSOCK_JAVA_OPTS, if set, goes to the C2 variant only (after its options), as before.
exec "$(dirname "$0")/compare-launchers.sh" --rounds "${1:-2}" --duration "${2:-4s}" c1= \
  "c2=,-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2 -XX:ReservedCodeCacheSize=24m ${CTLSOCK_JAVA_OPTS:-}"
