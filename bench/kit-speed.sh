#!/usr/bin/env bash
# How long a default run of the standalone conformance kit takes (issue 16 item 7): a benchmark, never a test.
#
#   bench/kit-speed.sh [--runs N] [--sequential] [--parallelism N] [--plain] [--label TEXT] [--jar PATH] [--jvm-opt OPT] [--plain-java] [--] [kit options…]
#
# Runs `bin/ctlsock-conformance <kit options>` (the kit's jar) N times (default 3; kit options
# default to `--descriptor server/ctlsock.json --skip-heavy`, the default run) and prints one Markdown table row per
# run: wall time, the kit JVM's own CPU time, the CPU time of the processes it started (targets, clients, strace…),
# the verdict, and the machine's core count and load average before and after. --sequential runs the kit's classes
# one at a time (-Djunit.jupiter.execution.parallel.enabled=false), as before parallel execution, for comparison.
# Without a target among the kit options, the reference server through server/ctlsock.json.
# --plain runs the reference server as server/ctlsock.json did before it named the class-data-sharing archive and
# the unpacked native library (C1 and the serial collector only), through a copy of the descriptor: most of a
# run's CPU is the target's JVM starting, about 200 times, and this shows what the archive saves.
#
# Read the wall times with the load average: on a machine shared with other builds they measure the machine as
# much as the kit. The CPU times are steadier: a run cannot take less wall time than its CPU time divided by the
# cores it gets. Build first: mvn -B -o -q -pl server,conformance-tests package -DskipTests
# --parallelism N runs N classes at a time instead of junit-platform.properties' number.
# --jar runs another build of the kit (a copy of an earlier ctlsock-conformance.jar), so that a "before" and an
# "after" can be run back to back, in the same conditions, from one checkout.
# --peer-jar PATH runs that build of the kit too, just before each run of --jar, and ends with the ratio of their
# median wall and CPU times: a figure that does not depend on how fast the machine is at the hour (the same jar
# took 29.3 s at one hour and 62.8 s at another on this machine type), e.g. against a copy of the kit that met a
# goal on an earlier day. --peer-label names it in the rows (default "peer").
# The kit runs through bin/ctlsock-conformance, as README.md's main command runs it; --plain-java runs
# `java -jar` instead (the JVM's default compiler and collector), for comparison. --jvm-opt OPT gives the
# kit's JVM one more option (repeatable).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=3
plain=0
plain_java=0
label=""
jvm=()
jar=conformance-tests/target/ctlsock-conformance.jar
peer_jar=""
peer_label=peer
threads=$(sed -n 's/^junit.jupiter.execution.parallel.config.fixed.parallelism=//p' \
    conformance-tests/src/main/resources/junit-platform.properties)
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --sequential) jvm+=(-Djunit.jupiter.execution.parallel.enabled=false); threads=1; label="${label:-sequential}"; shift ;;
        --parallelism)
            jvm+=(-Djunit.jupiter.execution.parallel.config.fixed.parallelism="$2"
                -Djunit.jupiter.execution.parallel.config.fixed.max-pool-size="$2")
            threads="$2"; label="${label:-parallelism $2}"; shift 2 ;;
        --plain) plain=1; shift ;;
        --jvm-opt) jvm+=("$2"); label="${label:-$2}"; shift 2 ;;
        --plain-java) plain_java=1; label="${label:-java -jar}"; shift ;;
        --label) label="$2"; shift 2 ;;
        --jar) jar="$2"; shift 2 ;;
        --peer-jar) peer_jar="$2"; shift 2 ;;
        --peer-label) peer_label="$2"; shift 2 ;;
        --) shift; break ;;
        *) break ;;
    esac
done
kit_args=("$@")
[[ ${#kit_args[@]} -gt 0 ]] || kit_args=(--skip-heavy)
# No target among the kit options: the reference server through its descriptor.
[[ " ${kit_args[*]} " =~ \ --(descriptor|target|socket)[\ =] ]] || kit_args=(--descriptor server/ctlsock.json "${kit_args[@]}")
label="${label:-parallel}"
[[ -f "$jar" ]] || { echo "no $jar: mvn -B -o -q -pl server,conformance-tests package -DskipTests" >&2; exit 2; }
[[ -z "$peer_jar" || -f "$peer_jar" ]] || { echo "no $peer_jar (--peer-jar)" >&2; exit 2; }
ticks=$(getconf CLK_TCK)
work=$(mktemp -d /tmp/kit-speed.XXXXXX)
echo "reports and output of each run: $work" >&2

if [[ $plain == 1 ]]; then
    # The descriptor's command before the archive and the native library: C1 and the serial collector only.
    sed -e 's|"command": "[^"]*"|"command": "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar {dir}/target/ctlsock-server.jar {options} {socket}"|' \
        -e "s|{dir}|$PWD/server|g" -e 's|"name": "reference-server"|"name": "reference-server-plain"|' \
        server/ctlsock.json >"$work/ctlsock-plain.json"
    kit_args=("${kit_args[@]/#server\/ctlsock.json/$work/ctlsock-plain.json}")
    label="$label, plain java"
fi

echo "| when (UTC) | mode | kit options | wall s | kit CPU s | started processes' CPU s | verdict | nproc | load before → after |"
echo "|---|---|---|---|---|---|---|---|---|"
# Job control on: a background job of a non-interactive shell would start with SIGINT ignored, pass that on to the
# servers the kit starts, and a JVM that inherits an ignored SIGINT never stops on it (3.4.1's SIGINT case).
set -m
walls=() cpus=() peer_walls=() peer_cpus=()
# One run of the kit in $run_jar, labelled $run_label, its files under $work/…-$1; appends its wall and total CPU to
# the arrays named by $2 and $3.
one_run() {
    local i=$1 jar=$run_jar label=$run_label
    local -n wall_list=$2 cpu_list=$3
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s.%N)
    if [[ $plain_java == 1 ]]; then
        java "${jvm[@]}" -jar "$jar" "${kit_args[@]}" --quiet --report-dir "$work/report-$i" >"$work/out-$i" 2>&1 &
    else
        CTLSOCK_CONFORMANCE_JAR="$jar" CTLSOCK_KIT_JAVA_OPTS="${jvm[*]}" bin/ctlsock-conformance "${kit_args[@]}" \
            --quiet --report-dir "$work/report-$i" >"$work/out-$i" 2>&1 &
    fi
    pid=$!
    own=0 children=0
    # The kit's own CPU and that of the children it has reaped, read until it exits (its /proc entry goes then).
    while stat=$(cat "/proc/$pid/stat" 2>/dev/null); do
        read -r -a f <<<"${stat##*) }"
        own=$((f[11] + f[12])) children=$((f[13] + f[14]))
        sleep 0.2 # sampling a process table that has no change notification; not a synchronisation
    done
    wait "$pid" && status=0 || status=$?
    end=$(date +%s.%N)
    verdict=$(grep -o '^ctlsock conformance: [A-Z]*' "$work/out-$i" | tail -1 | sed 's/ctlsock conformance: //')
    printf '| %s | %s | `%s` | %.1f | %.1f | %.1f | %s (exit %d) | %s | %s → %s |\n' "$(date -u +'%F %H:%M')" "$label" \
        "${kit_args[*]}" "$(echo "$end - $start" | bc)" "$(echo "scale=1; $own / $ticks" | bc)" \
        "$(echo "scale=1; $children / $ticks" | bc)" "${verdict:-none}" "$status" "$(nproc)" "$load_before" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
    [[ $status == 0 ]] || grep -E '^  (FAIL|ERROR) ' "$work/out-$i" >&2 || true
    # The structural figure beside the noisy wall time: the longest class's thread time (bench/kit-critical-path.py).
    [[ -f "$work/report-$i/report.json" ]] && python3 bench/kit-critical-path.py "$work/report-$i/report.json" \
        --threads "${threads:-6}" --top 0 2>/dev/null | sed -n 2p | sed "s/^/run $i ($label): /" >&2 || true
    wall_list+=("$(echo "$end - $start" | bc)")
    cpu_list+=("$(echo "scale=1; ($own + $children) / $ticks" | bc)")
}

median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

for ((i = 1; i <= runs; i++)); do
    if [[ -n "$peer_jar" ]]; then
        run_jar=$peer_jar run_label=$peer_label
        one_run "p$i" peer_walls peer_cpus
    fi
    run_jar=$jar run_label=$label
    one_run "$i" walls cpus
done
if [[ -n "$peer_jar" ]]; then
    w=$(median "${walls[@]}") pw=$(median "${peer_walls[@]}") c=$(median "${cpus[@]}") pc=$(median "${peer_cpus[@]}")
    printf '\n%s against %s, %d runs each in turns: median wall %.1f s against %.1f s (ratio %.2f), median CPU (kit and what it started) %.1f s against %.1f s (ratio %.2f)\n' \
        "$label" "$peer_label" "$runs" "$w" "$pw" "$(echo "scale=4; $w / $pw" | bc)" "$c" "$pc" "$(echo "scale=4; $c / $pc" | bc)"
fi
