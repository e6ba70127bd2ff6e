#!/usr/bin/env bash
# The size of the conformance kit's harness against its clause tests (issue 16, "Done when": the harness is less
# than 1.3 times the size of the clause tests). A measure, not a test.
#
#   bench/harness-size.sh            # the table, per package, and the ratio
#
# What counts, all under conformance-tests/src/main/java (what the kit jar ships; the kit's own unit tests in
# src/test are not counted on either side):
#   clause tests  every .java file under org/ctlsock/conformance/clauses/ (the test classes and the helpers that
#                 live beside them and serve only them);
#   harness       every other .java file: the root package (KitRun, TargetSession, Evidence…) and every other
#                 package (wire, implementation, junit, report, runner, lifecycle, access, filesystem, race, load,
#                 fuzz, vectors, spec, json, outcome).
# Two counts of each: physical lines (`wc -l`, blank lines and comments included) and code lines (without blank
# lines and without lines that are only comment: `//`, `/*`, ` *`, `*/`). The ratio is harness / clause tests.
set -euo pipefail
cd "$(dirname "$0")/../conformance-tests/src/main/java/org/ctlsock/conformance"

lines() { cat "$@" | wc -l; }
code() { cat "$@" | grep -Ev '^\s*($|//|/\*|\*)' | wc -l; }

printf '%-16s %8s %8s\n' package lines code
for dir in $(find . -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort); do
    mapfile -t files < <(find "$dir" -name '*.java')
    [[ ${#files[@]} -gt 0 ]] && printf '%-16s %8d %8d\n' "$dir" "$(lines "${files[@]}")" "$(code "${files[@]}")"
done
mapfile -t root < <(find . -maxdepth 1 -name '*.java')
printf '%-16s %8d %8d\n' "(root package)" "$(lines "${root[@]}")" "$(code "${root[@]}")"

mapfile -t clause_files < <(find clauses -name '*.java')
mapfile -t harness_files < <(find . -name '*.java' -not -path './clauses/*')
cl=$(lines "${clause_files[@]}") cc=$(code "${clause_files[@]}")
hl=$(lines "${harness_files[@]}") hc=$(code "${harness_files[@]}")
echo
printf '%-16s %8d %8d\n' "clause tests" "$cl" "$cc" "harness" "$hl" "$hc"
printf '%-16s %8.2f %8.2f   (target: below 1.30)\n' "harness/clauses" "$(echo "scale=4; $hl / $cl" | bc)" \
    "$(echo "scale=4; $hc / $cc" | bc)"
