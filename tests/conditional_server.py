"""A 127.0.0.1 site that honours validators: ETag / If-None-Match and Last-Modified /
If-Modified-Since (RFC 9110 §13), answering 304 with no body when a page is unchanged.

It counts the body bytes it sent, so a test or bench can compare a cold run with a re-run.

    with ConditionalSite({"/a": (b"<html>...", "text/html")}) as site:
        site.url("/a"); site.body_bytes; site.statuses
"""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler
from types import TracebackType

from tests.httpserver import _QuietServer

LAST_MODIFIED = "Mon, 30 Nov 2026 06:00:00 GMT"


class ConditionalSite:
    __test__ = False

    def __init__(self, pages: dict[str, tuple[bytes, str]], *, etag: bool = True) -> None:
        self.pages = dict(pages)
        self.etag = etag
        self.body_bytes = 0
        self.statuses: list[int] = []
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def reset_counts(self) -> None:
        with self._lock:
            self.body_bytes = 0
            self.statuses = []

    def __enter__(self) -> ConditionalSite:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler(site: ConditionalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            page = site.pages.get(self.path)
            if page is None:
                self._send(404, b"not found", "text/plain", {})
                return
            body, ctype = page
            tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            validators = {"Last-Modified": LAST_MODIFIED}
            if site.etag:
                validators["ETag"] = tag
            if site.etag and self.headers.get("If-None-Match"):
                unchanged = tag in [t.strip() for t in self.headers["If-None-Match"].split(",")]
            else:
                unchanged = self.headers.get("If-Modified-Since") == LAST_MODIFIED
            if unchanged:
                self._send(304, b"", ctype, validators)
            else:
                self._send(200, body, ctype, validators)

        def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str]) -> None:
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            if status != 304:
                self.wfile.write(body)
            with site._lock:
                site.body_bytes += len(body) if status != 304 else 0
                site.statuses.append(status)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
