# A client that is answered, then stays silent past the server's idle timeout, again and again:
# the watchdog ends connections that wait in a poller. Counts answers and closes seen.
import socket, sys, time
path, seconds = sys.argv[1], float(sys.argv[2])
end = time.time() + seconds
answers = closes = bad = 0
while time.time() < end:
    s = socket.socket(socket.AF_UNIX); s.settimeout(10); s.connect(path)
    s.sendall(b"GET /echo HTTP/1.1\r\nHost: x\r\n\r\n")
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk: break
        data += chunk
    if data.startswith(b"HTTP/1.1 200"): answers += 1
    else: bad += 1
    # the idle timeout (1s) passes: the server must close it
    try:
        rest = s.recv(4096)
        while rest and b"0" != rest:
            if rest == b"": break
            rest = s.recv(4096)
        closes += 1
    except socket.timeout:
        bad += 1
    s.close()
print(f"idler: answers={answers} closes={closes} bad={bad}")
