#!/usr/bin/env bash
# The interop script for curl. Usage: curl.sh SOCKET   or   curl.sh --tcp http://127.0.0.1:PORT
# Prints one line per call: CALL <name> <status> <content-type> <base64 body>.
set -euo pipefail
if [[ $1 == --tcp ]]; then
  base=$2; via=()                                    # through a TCP proxy (nginx)
else
  base=http://localhost; via=(--unix-socket "$1")    # straight to the socket
fi
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT

call() {  # call NAME CURL-ARGS...
  local name=$1; shift
  local meta
  meta=$(curl -sS "${via[@]}" -o "$out/body" -w '%{http_code} %{content_type}' "$@")
  report "$name" "$meta"
}
report() {  # report NAME "STATUS CONTENT-TYPE" [BODY-FILE]
  local status=${2%% *} type=${2#* }
  type=${type// /}
  echo "CALL $1 $status ${type:--} $(base64 -w0 < "${3:-$out/body}")"
}

call get-echo            "$base/echo"
call post-echo           "$base/echo" --json '["a",1]'
call post-form           "$base/echo" -d '["a",1]'      # Content-Type: application/x-www-form-urlencoded
call text-utf8           "$base/text" --json '["héllo wörld ✓ 𝄞 日本"]'
call value-json          "$base/value" --json '[{"k":[1,2.5,true,null],"s":"ü"}]'
call nothing             "$base/nothing"
call fail                "$base/fail" --json '["boom-interop"]'
call unknown             "$base/no-such-command"
call method-not-allowed  "$base/echo-post"
# Chunked request body: curl sends one when told so and no length is given.
call chunked             "$base/echo" -H 'Transfer-Encoding: chunked' --data-binary '["chunked",2]'
# A body over 1 KiB with Expect: 100-continue (curl waits for the interim 100 before sending it).
big="[\"$(printf 'x%.0s' {1..1500})\"]"
call expect-continue     "$base/echo" -H 'Expect: 100-continue' -H 'Content-Type: application/json' \
                         --data-binary "$big"

# Three calls in one curl run share one connection; %{num_connects} counts the new ones.
# (--next starts a new set of options, so each transfer repeats them.)
each=(-sS "${via[@]}" -w '%{http_code} %{content_type}|%{num_connects}\n')
metas=$(curl "${each[@]}" "$base/echo" --json '[1]' -o "$out/k1" \
      --next "${each[@]}" "$base/echo" --json '[2]' -o "$out/k2" \
      --next "${each[@]}" "$base/echo" --json '[3]' -o "$out/k3")
connects=0; i=0
while IFS='|' read -r meta n; do
  i=$((i + 1)); connects=$((connects + n))
  report "keepalive-$i" "$meta" "$out/k$i"
done <<< "$metas"
echo "CONNECTIONS keepalive $connects"
