"""The interop script for requests + requests-unixsocket. Usage: python3 requests_unixsocket_client.py SOCKET
Prints one line per call: CALL <name> <status> <content-type> <base64 body>."""
import base64
import sys
from urllib.parse import quote

import requests_unixsocket

# [snippet python-requests-unixsocket]
session = requests_unixsocket.Session()
# The socket path goes percent-encoded where the host would be (Host: is still "localhost").
base = "http+unix://" + quote(sys.argv[1], safe="")


def report(name, response):
    content_type = response.headers.get("Content-Type", "-").replace(" ", "")
    print("CALL", name, response.status_code, content_type, base64.b64encode(response.content).decode())


report("get-echo", session.get(base + "/echo"))
report("post-echo", session.post(base + "/echo", json=["a", 1]))
report("text-utf8", session.post(base + "/text", json=["héllo wörld ✓ 𝄞 日本"]))
report("value-json", session.post(base + "/value", json=[{"k": [1, 2.5, True, None], "s": "ü"}]))
report("nothing", session.get(base + "/nothing"))
report("fail", session.post(base + "/fail", json=["boom-interop"]))
report("unknown", session.get(base + "/no-such-command"))
report("method-not-allowed", session.get(base + "/echo-post"))
# A generator body has no length, so requests sends it chunked.
report("chunked", session.post(base + "/echo", data=(part for part in [b'["chun', b'ked",2]'])))
# [/snippet]

# A Session reuses connections, but requests-unixsocket keeps one pool per URL: count what all its
# pools open during these three calls to one URL (at most one new connection).
adapter = session.get_adapter(base + "/echo")
def opened():
    return sum(adapter.pools[key].num_connections for key in adapter.pools.keys())
before = opened()
for i in (1, 2, 3):
    report(f"keepalive-{i}", session.post(base + "/echo", json=[i]))
print("CONNECTIONS keepalive", opened() - before)
