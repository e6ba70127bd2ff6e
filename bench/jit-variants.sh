# The launcher's JIT variants that bench/compare-jit.sh and bench/launcher-memory.sh compare (issue 15),
# defined once; sourced, not run. BENCHMARKS.md, "Issue 15, session 14", has what they measured.
# shellcheck shell=bash

# C2 kept small: one C1 and one C2 thread, a 16 MiB code cache, graphs of at most 15,000 nodes, little
# inlining and no escape analysis (fits 64 MiB; not adopted).
# shellcheck disable=SC2034
C2_SMALL_OPTS="-XX:TieredStopAtLevel=4 -XX:CICompilerCount=2 -XX:ReservedCodeCacheSize=16m -XX:MaxNodeLimit=15000"
C2_SMALL_OPTS+=" -XX:NodeLimitFudgeFactor=1500 -XX:FreqInlineSize=60 -XX:MaxInlineLevel=5 -XX:-DoEscapeAnalysis"
