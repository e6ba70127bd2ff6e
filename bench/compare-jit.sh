#!/usr/bin/env bash
# Compares the launcher's JIT settings back to back on one machine (issue 15, "which compiler pays
# for itself?"): nginx (the ceiling), the launcher as shipped (C2 kept small: one C1 and one C2 thread,
# a 16 MiB code cache, C2 inlining hot callees of up to 100 bytes within graphs of at most 15,000 nodes), the launcher with C1
# only (as shipped until session 20) and with C2 at its defaults (graph size, inlining, escape analysis;
# a 24 MiB code cache), all running at once and measured in turns, cell by cell and round by round, so a
# shared machine's load falls on all of them alike. Prints one line per measurement (req/s, p99, server
# CPU per response) and each server's peak resident set (VmHWM) at the end, with the load average before
# and after (bench/compare-launchers.sh). BENCHMARKS.md, "Issue 15, session 14" and "session 20", has
# what they measured.
#
#   bench/compare-jit.sh [ROUNDS] [DURATION]        # default 2 rounds of 4s cells
set -euo pipefail
. "$(dirname "$0")/jit-variants.sh"
# CTLSOCK_JAVA_OPTS, if set, goes to every variant (after its options).
exec "$(dirname "$0")/compare-launchers.sh" --rounds "${1:-2}" --duration "${2:-4s}" \
  "shipped=,${CTLSOCK_JAVA_OPTS:-}" \
  "c1=,$C1_ONLY_OPTS ${CTLSOCK_JAVA_OPTS:-}" \
  "c2=,$C2_DEFAULT_OPTS ${CTLSOCK_JAVA_OPTS:-}"
