#!/usr/bin/env bash
# Compares two builds of the server side by side: nginx and the launcher (its JVM settings unchanged)
# once on a base jar and once on a new jar, measured in turns (bench/compare-launchers.sh).
#
#   bench/compare-builds.sh BASE_JAR [NEW_JAR] [ROUNDS] [DURATION]
#       NEW_JAR defaults to server/target/ctlsock-server.jar; 2 rounds of 4s cells
#   e.g. git archive OLD | tar -x -C /tmp/base && (cd /tmp/base && mvn -B -o -q -pl server package -DskipTests)
#        bench/compare-builds.sh /tmp/base/server/target/ctlsock-server.jar
# CELLS overrides the cells, e.g. CELLS="16 --close|1 --close".
set -euo pipefail
base_jar=${1:?usage: bench/compare-builds.sh BASE_JAR [NEW_JAR] [ROUNDS] [DURATION]}
new_jar=${2:-}
here=$(dirname "$0")
[[ -z $new_jar ]] && new_jar=$here/../server/target/ctlsock-server.jar
exec "$here/compare-launchers.sh" --rounds "${3:-2}" --duration "${4:-4s}" "base=$base_jar" "new=$new_jar"
