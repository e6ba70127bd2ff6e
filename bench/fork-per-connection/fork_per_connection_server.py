#!/usr/bin/env python3
"""A fork-per-connection ctlsock server, for timing the conformance kit only (bench/kit-speed.sh, BENCHMARKS.md).

The kit's run time depends on how a server serves connections: one that forks a process for each connection
pays a fork for every one of the kit's thousands of connections. This is the Python fixture
(fixtures/python/ctlsock_server.py) with one change: each accepted connection is served by a child process
(socketserver's fork model) instead of a thread. It is not a fixture and not checked by the self-check: it
exists so the kit's speed can be measured against that model. Its shutdown follows the fixture's (path first,
then stop accepting) and then passes SIGTERM on to the children, which finish a request in flight and close an
idle connection, and waits for them within the fixture's grace period.
"""
import os
import signal
import socketserver
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "python"))
import ctlsock_server as fixture  # noqa: E402

STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


class ForkPerConnectionServer(socketserver.ForkingMixIn, fixture.CtlsockServer):
    max_children = 100000  # socketserver's default of 40 would make the 41st connection wait for a child to end

    def process_request(self, request, client_address):
        self.collect_children()
        pid = os.fork()
        if pid:
            self.active_children = (self.active_children or set()) | {pid}
            self.close_request(request)
            return
        # The child: no listening socket (the parent alone accepts, and closing it must stop accepting), and
        # a SIGTERM that closes this connection once no request is in flight.
        status = 1
        try:
            self.socket.close()
            signal.signal(signal.SIGTERM, lambda *_: self.tracker.stop())
            signal.signal(signal.SIGINT, lambda *_: self.tracker.stop())
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
            self.finish_request(request, client_address)
            status = 0
        except Exception:
            self.handle_error(request, client_address)
        finally:
            try:
                self.shutdown_request(request)
            finally:
                os._exit(status)


class ForkPerConnectionProgram(fixture.Program):
    server_class = ForkPerConnectionServer

    def shut_down(self, server, socket_file):
        socket_file.remove_if_ours()
        server.stop_accepting()
        children = set(server.active_children or ())
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + self.shutdown_grace
        while children and time.monotonic() < deadline:
            for pid in list(children):
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    children.discard(pid)
            if children:
                time.sleep(0.01)
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        print("ctlsock: stopped", file=sys.stderr, flush=True)
        return self.exit_status()


if __name__ == "__main__":
    fixture.main(ForkPerConnectionProgram())
