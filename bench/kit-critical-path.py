#!/usr/bin/env python3
"""Where a kit run's time goes, per test class, from its report.json (issue 16): a benchmark aid, never a test.

    bench/kit-critical-path.py REPORT.json [--top N] [--threads N]

The cases of one class run one after another on one thread (they share the class's TargetSession), so the sum of
a class's case durations is that class's thread time: no run can end before its longest class has. Prints the top
classes by that sum, with their longest cases, and two bounds on the run's wall time: the longest class (the
critical path) and the sum of all classes divided by the class threads (junit-platform.properties: 6). The time a
class spends before its first case (starting its TargetSession) is not in the report and not counted here.

A report of bench/kit-speed.sh is under the directory it prints: report-N/report.json.
"""
import argparse
import collections
import json
import re
import sys

CLASS = re.compile(r"\[class:(?:[\w.]*\.)?(\w+)\]")


def cases(report):
    """Every case of the report once (a case is listed under its clause; ids are unique)."""
    seen = set()
    for clause in report.get("clauses", []):
        for test in clause.get("tests", []):
            if test["id"] not in seen:
                seen.add(test["id"])
                yield test
    for test in report.get("unattributed", []):
        if isinstance(test, dict) and test.get("id") not in seen:
            seen.add(test.get("id"))
            yield test


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report")
    parser.add_argument("--top", type=int, default=10, help="classes to print (default 10; 0: the two summary lines only)")
    parser.add_argument("--threads", type=int, default=6, help="class threads of the run (default 6, the kit's)")
    parser.add_argument("--cases", type=int, default=3, help="longest cases to name per class (default 3)")
    args = parser.parse_args()
    with open(args.report, encoding="utf-8") as f:
        report = json.load(f)
    by_class = collections.defaultdict(list)
    for test in cases(report):
        m = CLASS.search(test.get("id", ""))
        by_class[m.group(1) if m else "?"].append(test)
    totals = sorted(((sum(t.get("durationMillis", 0) for t in ts), name, ts) for name, ts in by_class.items()),
                    reverse=True)
    run_ms = report.get("run", {}).get("durationMillis")
    all_ms = sum(t for t, _, _ in totals)
    print(f"report {args.report}: run {run_ms / 1000 if run_ms else '?'} s wall, {len(by_class)} classes, "
          f"{sum(len(ts) for _, _, ts in totals)} cases, {all_ms / 1000:.1f} s of case time in all")
    print(f"critical path (longest class): {totals[0][0] / 1000:.1f} s ({totals[0][1]}); "
          f"all case time / {args.threads} threads: {all_ms / 1000 / args.threads:.1f} s")
    if args.top <= 0:
        return 0
    print()
    print("| class | cases | s | longest cases (s) |")
    print("|---|---|---|---|")
    for total, name, ts in totals[:args.top]:
        longest = sorted(ts, key=lambda t: -t.get("durationMillis", 0))[:args.cases]
        named = ", ".join(f"`{t.get('case', t.get('name'))}` {t.get('durationMillis', 0) / 1000:.1f}" for t in longest)
        print(f"| {name} | {len(ts)} | {total / 1000:.1f} | {named} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
