#!/usr/bin/env bash
# The interop script for curl. Usage: curl.sh SOCKET   or   curl.sh --tcp http://127.0.0.1:PORT
# Prints one line per call: CALL <name> <status> <content-type> <base64 body>.
set -euo pipefail
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT

# The calls below are written as a person types them. This wrapper adds what the suite needs:
# the body goes to a file and curl prints the status and content type. With --tcp it also sends
# them to nginx instead of the socket: --unix-socket is dropped and the URL's host replaced.
if [[ $1 == --tcp ]]; then tcp_base=$2; sock=unused; else tcp_base=; sock=$1; fi
curl() {
  local args=()
  while (($#)); do
    if [[ -n $tcp_base && $1 == --unix-socket ]]; then shift 2; continue; fi
    if [[ -n $tcp_base && $1 == http://localhost/* ]]; then args+=("$tcp_base/${1#http://localhost/}")
    else args+=("$1"); fi
    shift
  done
  command curl -sS -o "$out/body" -w '%{http_code} %{content_type}' "${args[@]}"
}
report() {  # report NAME "STATUS CONTENT-TYPE" [BODY-FILE]
  local status=${2%% *} type=${2#* }
  type=${type// /}
  echo "CALL $1 $status ${type:--} $(base64 -w0 < "${3:-$out/body}")"
}

# [snippet curl]
# GET runs a command with no arguments; POST passes them as a JSON array.
report get-echo   "$(curl --unix-socket "$sock" http://localhost/echo)"
report post-echo  "$(curl --unix-socket "$sock" http://localhost/echo --json '["a",1]')"
# -d sends Content-Type: application/x-www-form-urlencoded; the server parses JSON anyway.
report post-form  "$(curl --unix-socket "$sock" http://localhost/echo -d '["a",1]')"
report text-utf8  "$(curl --unix-socket "$sock" http://localhost/text --json '["héllo wörld ✓ 𝄞 日本"]')"
report value-json "$(curl --unix-socket "$sock" http://localhost/value --json '[{"k":[1,2.5,true,null],"s":"ü"}]')"
report nothing    "$(curl --unix-socket "$sock" http://localhost/nothing)"
report fail       "$(curl --unix-socket "$sock" http://localhost/fail --json '["boom-interop"]')"
report unknown    "$(curl --unix-socket "$sock" http://localhost/no-such-command)"
report method-not-allowed "$(curl --unix-socket "$sock" http://localhost/echo-post)"
# The path is percent-decoded (ech%6F is echo); the query string is not part of the name.
report percent-name  "$(curl --unix-socket "$sock" 'http://localhost/ech%6F')"
report query-ignored "$(curl --unix-socket "$sock" 'http://localhost/echo?x=1')"
report http10        "$(curl --unix-socket "$sock" --http1.0 http://localhost/echo --json '["a",1]')"
# A chunked body: curl sends one when told to, since no length is then given.
report chunked    "$(curl --unix-socket "$sock" http://localhost/echo \
                       -H 'Transfer-Encoding: chunked' --data-binary '["chunked",2]')"
# Over 1 KiB with Expect: 100-continue: curl waits for the server's "100 Continue" (or up to 1 s).
big="[\"$(printf 'x%.0s' {1..1500})\"]"
report expect-continue "$(curl --unix-socket "$sock" http://localhost/echo \
                       -H 'Expect: 100-continue' -H 'Content-Type: application/json' --data-binary "$big")"
# The same, to a command that does not exist: the server may answer 404 at once, without 100.
report expect-unknown "$(curl --unix-socket "$sock" http://localhost/no-such-command \
                       -H 'Expect: 100-continue' -H 'Content-Type: application/json' --data-binary "$big")"
# A body near the 1 MiB every server accepts (spec 7.2.1), from a file.
{ printf '["'; head -c 1048000 /dev/zero | tr '\0' 'x'; printf '"]'; } > "$out/large.json"
report large-echo "$(curl --unix-socket "$sock" http://localhost/echo \
                       -H 'Content-Type: application/json' --data-binary @"$out/large.json")"
# [/snippet]

# Three calls in one curl run share one connection; %{num_connects} counts the new ones.
# (--next starts a new set of options, so each transfer repeats them.)
if [[ -n $tcp_base ]]; then via=(); base=$tcp_base; else via=(--unix-socket "$sock"); base=http://localhost; fi
each=(-sS "${via[@]}" -w '%{http_code} %{content_type}|%{num_connects}\n')
metas=$(command curl "${each[@]}" "$base/echo" --json '[1]' -o "$out/k1" \
              --next "${each[@]}" "$base/echo" --json '[2]' -o "$out/k2" \
              --next "${each[@]}" "$base/echo" --json '[3]' -o "$out/k3")
connects=0; i=0
while IFS='|' read -r meta n; do
  i=$((i + 1)); connects=$((connects + n))
  report "keepalive-$i" "$meta" "$out/k$i"
done <<< "$metas"
echo "CONNECTIONS keepalive $connects"
