"""A small scriptable HTTP server on 127.0.0.1 for tests (and the fetch benchmark).

Each path answers with a script of `Reply`s, played in order, the last one repeating. The server
records every request (path, Host, time, bytes sent) and the peak number in flight per host, so
tests can assert what the client did, not only what it got back. Serving recorded pages:
`server.serve_snapshot(snap)` answers `snap`'s path with its body and content type.

    with TestServer() as srv:
        srv.route("/a", Reply(503, headers={"Retry-After": "1"}), Reply(body=b"ok"))
        srv.url("/a")              # http://127.0.0.1:PORT/a
        srv.url("/a", host="localhost")   # same server under a second host name
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

from scrapers.snapshot import Snapshot


@dataclass(frozen=True)
class Reply:
    """One scripted answer. `repeat` writes the body that many times (large bodies, cheaply)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # before the status line: makes client timeouts
    repeat: int = 1
    send_length: bool = True  # False: no Content-Length, body ends when the connection closes
    chunk_delay_s: float = 0.0  # between repeats of the body: a slow (trickling) body
    reset_after: int | None = None  # after this many repeats, reset the connection (TCP RST)

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Reply:
        return cls(status, headers={"Location": location})

    @classmethod
    def html(cls, text: str, charset: str = "utf-8") -> Reply:
        return cls(
            body=text.encode(charset), headers={"Content-Type": f"text/html; charset={charset}"}
        )


@dataclass
class Seen:
    """A request as the server saw it."""

    path: str
    host: str
    headers: dict[str, str]
    started: float  # time.monotonic()
    finished: float | None = None
    bytes_sent: int = 0
    aborted: bool = False  # the client hung up before the whole body was written


class TestServer:
    """Threaded HTTP/1.1 server; unknown paths answer 404 (so robots.txt is "allow all")."""

    __test__ = False  # not a pytest test class

    def __init__(self) -> None:
        self._routes: dict[str, list[Reply]] = {}
        self._lock = threading.Lock()
        self.requests: list[Seen] = []
        self._in_flight: dict[str, int] = {}
        self.max_in_flight: dict[str, int] = {}  # per Host name
        self.max_in_flight_total = 0
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- scripting --------------------------------------------------------------------------

    def route(self, path: str, *replies: Reply) -> TestServer:
        self._routes[path] = list(replies) or [Reply()]
        return self

    def serve_snapshot(self, snap: Snapshot) -> str:
        """Serve a recorded page at its own path here; returns the local URL."""
        parts = urlsplit(snap.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        ctype = snap.headers.get("content-type", "text/html")
        self.route(path or "/", Reply(snap.status, snap.body, {"Content-Type": ctype}))
        return self.url(path or "/")

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def hits(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> TestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- used by the handler ----------------------------------------------------------------

    def _next_reply(self, path: str) -> Reply:
        with self._lock:
            script = self._routes.get(path)
            if not script:
                return Reply(404, b"not found")
            return script.pop(0) if len(script) > 1 else script[0]

    def _enter(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)
            n = self._in_flight.get(seen.host, 0) + 1
            self._in_flight[seen.host] = n
            self.max_in_flight[seen.host] = max(self.max_in_flight.get(seen.host, 0), n)
            total = sum(self._in_flight.values())
            self.max_in_flight_total = max(self.max_in_flight_total, total)

    def _leave(self, seen: Seen) -> None:
        with self._lock:
            self._in_flight[seen.host] -= 1
            seen.finished = time.monotonic()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up (timeouts, size cap, keep-alive close) are expected here."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _handler_for(server: TestServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else keep-alive replies stall ~40 ms on delayed ACKs

        def do_POST(self) -> None:
            """Answered like GET from the path's script (a page's GraphQL calls, say)."""
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.do_GET()

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            seen = Seen(self.path, host, dict(self.headers.items()), time.monotonic())
            server._enter(seen)
            try:
                self._answer(server._next_reply(self.path), seen)
            except (BrokenPipeError, ConnectionResetError):
                seen.aborted = True
                self.close_connection = True
            finally:
                server._leave(seen)

        def _answer(self, reply: Reply, seen: Seen) -> None:
            if reply.delay_s:
                time.sleep(reply.delay_s)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.send_length:
                self.send_header("Content-Length", str(len(reply.body) * reply.repeat))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            for n in range(reply.repeat):
                if reply.reset_after is not None and n == reply.reset_after:
                    self.wfile.flush()
                    linger = struct.pack("ii", 1, 0)  # close() now sends RST, not FIN
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                    self.close_connection = True
                    self.connection.close()
                    return
                if n and reply.chunk_delay_s:
                    self.wfile.flush()
                    time.sleep(reply.chunk_delay_s)
                self.wfile.write(reply.body)
                seen.bytes_sent += len(reply.body)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    return Handler
