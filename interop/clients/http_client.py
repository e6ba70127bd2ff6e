"""The interop script for Python's http.client. Usage: python3 http_client.py SOCKET
Prints one line per call: CALL <name> <status> <content-type> <base64 body>."""
import base64
import http.client
import json
import socket
import sys


# [snippet python-http.client]
class UnixHTTPConnection(http.client.HTTPConnection):
    """http.client over a Unix socket: only connect() changes; Host stays "localhost"."""

    connects = 0

    def __init__(self, path, timeout=30):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        UnixHTTPConnection.connects += 1
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


conn = UnixHTTPConnection(sys.argv[1])


def call(name, method, path, args=None, **options):
    body = None if args is None else json.dumps(args).encode()
    headers = {} if body is None else {"Content-Type": "application/json"}
    conn.request(method, path, body=options.pop("chunks", body), headers=headers, **options)
    response = conn.getresponse()
    content = response.read()
    content_type = (response.getheader("Content-Type") or "-").replace(" ", "")
    print("CALL", name, response.status, content_type, base64.b64encode(content).decode())


call("get-echo", "GET", "/echo")
call("post-echo", "POST", "/echo", ["a", 1])
call("text-utf8", "POST", "/text", ["héllo wörld ✓ 𝄞 日本"])
call("value-json", "POST", "/value", [{"k": [1, 2.5, True, None], "s": "ü"}])
call("nothing", "GET", "/nothing")
call("fail", "POST", "/fail", ["boom-interop"])
call("unknown", "GET", "/no-such-command")
call("method-not-allowed", "GET", "/echo-post")
call("head-echo", "HEAD", "/echo")  # no body: a server that sent one would garble the next answer
call("percent-name", "GET", "/ech%6F")  # http.client sends the path as given
call("query-ignored", "GET", "/echo?x=1")
call("chunked", "POST", "/echo", chunks=iter([b'["chun', b'ked",2]']), encode_chunked=True)
# [/snippet]
# All calls share this one connection object, which connects only when it has no open socket.
for i in (1, 2, 3):
    call(f"keepalive-{i}", "POST", "/echo", [i])
print("CONNECTIONS all", UnixHTTPConnection.connects)
