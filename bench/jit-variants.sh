# The launcher's JIT variants that bench/compare-jit.sh and bench/launcher-memory.sh compare with the
# launcher as shipped (issue 15), defined once; sourced, not run. The launcher keeps C2 small (one C1 and
# one C2 thread, a 16 MiB code cache, graphs of at most 15,000 nodes, hot callees inlined up to 100 bytes):
# BENCHMARKS.md, "Issue 15, session 14" (measured, not adopted then), "session 20" (adopted) and "session 25"
# (the inlining limit that bounds C2's scratch memory, bench/c2-arena.sh).
# Each variant's options come after the launcher's, so they win.
# shellcheck shell=bash

# C1 only, as the launcher shipped until session 20: the smallest peak, a third to a half more CPU per
# keep-alive request.
# shellcheck disable=SC2034
C1_ONLY_OPTS="-XX:TieredStopAtLevel=1"
# C2 at its defaults again (graph size, inlining, escape analysis), still one thread of each compiler, with
# a 24 MiB code cache: 10-15 MiB more at its peak than the launcher.
# shellcheck disable=SC2034
C2_DEFAULT_OPTS="-XX:ReservedCodeCacheSize=24m -XX:MaxNodeLimit=80000 -XX:NodeLimitFudgeFactor=2000"
C2_DEFAULT_OPTS+=" -XX:FreqInlineSize=325 -XX:MaxInlineLevel=15 -XX:+DoEscapeAnalysis"
