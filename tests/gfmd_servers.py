"""Real web servers on 127.0.0.1 for the summit sync's fetch tests: a feed server that
also redirects, errs and serves what is no calendar, and servers that answer too slowly.

Every server here stops by itself: loops are bounded in bytes and in time.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.gfmd_helpers import FIXTURES

SECRET = "SECRET-PLAN-42 internal only"
# What a private service might answer, first line and all: it must never be shown.
SECRET_PAGE = f"{SECRET}\nroot:x:0:0:root:/root:/bin/bash\n".encode()


@dataclass
class FeedServer:
    """A running feed server: its base address and the requests it received."""

    base: str
    port: int
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, Host header)
    feeds: dict[str, bytes] = field(default_factory=dict)  # extra paths it serves

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Keep the test output clean."""

        def do_GET(self) -> None:
            server.requests.append((self.path, self.headers.get("Host", "")))
            parts = urlsplit(self.path)
            route = ROUTES.get(parts.path)
            if parts.path in server.feeds:
                self._send(200, server.feeds[parts.path], "text/calendar")
            elif route is None:
                self._send(404, b"<h1>Not found</h1>", "text/html")
            else:
                route(self, parse_qs(parts.query))

        def _send(self, status: int, body: bytes, kind: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    def summit(handler: Handler, _query: dict[str, list[str]]) -> None:
        handler._send(200, (FIXTURES / "summit-v1.ics").read_bytes(), "text/calendar")

    def secret(handler: Handler, _query: dict[str, list[str]]) -> None:
        handler._send(200, SECRET_PAGE, "text/plain")

    def redirect(handler: Handler, query: dict[str, list[str]]) -> None:
        handler._send(302, b"", "text/plain", Location=query["to"][0])

    def loop(handler: Handler, _query: dict[str, list[str]]) -> None:
        handler._send(302, b"", "text/plain", Location="/loop")

    def big(handler: Handler, _query: dict[str, list[str]]) -> None:
        handler._send(200, b"BEGIN:VCALENDAR\r\n" + b"X" * 5000, "text/calendar")

    def big_unsized(handler: Handler, _query: dict[str, list[str]]) -> None:
        handler.send_response(200)  # no Content-Length: the body ends when the server closes
        handler.send_header("Content-Type", "text/calendar")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(b"BEGIN:VCALENDAR\r\n" + b"X" * 5000)
        handler.close_connection = True

    ROUTES = {
        "/summit.ics": summit,
        "/secret": secret,
        "/redirect": redirect,
        "/loop": loop,
        "/big": big,
        "/big-unsized": big_unsized,
    }
    return Handler


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    """A real web server on 127.0.0.1, in a thread, for the duration of the block."""
    http = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = http.server_address[1]
    server = FeedServer(base=f"http://127.0.0.1:{port}", port=port)
    http.RequestHandlerClass = _handler(server)
    thread = threading.Thread(target=http.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        http.shutdown()
        http.server_close()


@contextmanager
def trickle_server(answer: bytes, *, every: float, limit: float = 10.0) -> Iterator[str]:
    """A server that sends ``answer`` one byte every ``every`` seconds (or nothing, if it is
    empty), for ``limit`` seconds at most; yields its address."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(limit)
    port = listener.getsockname()[1]

    def serve() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        stop = time.monotonic() + limit
        with connection:
            try:
                connection.settimeout(limit)
                connection.recv(4096)  # the request
                for index in range(len(answer)):
                    connection.sendall(answer[index : index + 1])
                    if _gone(connection, every) or time.monotonic() > stop:
                        return
                _gone(connection, max(0.0, stop - time.monotonic()))
            except OSError:  # the client gave up: so can we
                return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/agenda.ics"
    finally:
        listener.close()
        thread.join(limit + 1)


def _gone(connection: socket.socket, wait: float) -> bool:
    """Wait up to ``wait`` seconds; True as soon as the client closes the connection."""
    connection.settimeout(wait)
    try:
        return connection.recv(1) == b""
    except (TimeoutError, BlockingIOError):
        return False
