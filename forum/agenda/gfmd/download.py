"""Fetching a summit feed over http(s) without being turned against the server. Pure.

Each hop (the address given, then every redirect) is resolved once, every address it
resolves to is checked, and the connection goes to an address that was checked, so a name
that resolves elsewhere a moment later (DNS rebinding) changes nothing. One deadline bounds
the whole fetch: resolving, connecting, the TLS handshake and every read, however slowly
the server drips its answer. Messages never quote what the server sent.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from forum.agenda.gfmd.addresses import is_public, normal_host

USER_AGENT = "forum-gfmd-sync/1.0 (+Mayoral Forum agenda)"
REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024

# (family, socket address) pairs, as socket.getaddrinfo gives them.
Addresses = list[tuple[int, tuple[Any, ...]]]
Resolver = Callable[[str, int], Addresses]


def system_resolver(host: str, port: int) -> Addresses:
    """The addresses the system's resolver gives for ``host``, IPv4 and IPv6 only."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    families = (socket.AF_INET, socket.AF_INET6)
    return [(family, address) for family, _, _, _, address in found if family in families]


@dataclass(frozen=True)
class FetchPolicy:
    """How a feed may be fetched: which local hosts are allowed, how long, how much."""

    allowed_hosts: frozenset[str] = frozenset()
    deadline_seconds: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    resolve: Resolver = system_resolver


class FetchFailed(Exception):
    """The feed could not be fetched; the message says why without quoting the server, the
    reason (a code of forum.agenda.gfmd.failures) says it in plain words for the pages."""

    def __init__(self, message: str, reason: str = "unreachable") -> None:
        super().__init__(message)
        self.reason = reason


class _OutOfTime(Exception):
    """The fetch's deadline has passed."""


class _Deadline:
    """The time left for one whole fetch."""

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            raise _OutOfTime
        return left


class _TimedReader(io.RawIOBase):
    """A socket's bytes, each wait no longer than the deadline leaves."""

    def __init__(self, sock: socket.socket, deadline: _Deadline) -> None:
        super().__init__()
        self._sock, self._deadline = sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._sock.settimeout(self._deadline.remaining())
        return self._sock.recv_into(buffer)


class _TimedSocket:
    """What http.client uses of a socket, with the deadline applied to every wait."""

    def __init__(self, sock: socket.socket, deadline: _Deadline) -> None:
        self._sock, self._deadline = sock, deadline

    def makefile(self, *_args: object, **_kwargs: object) -> io.BufferedReader:
        return io.BufferedReader(_TimedReader(self._sock, self._deadline))

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(self._deadline.remaining())
        self._sock.sendall(data)

    def close(self) -> None:
        """Nothing: http.client closes its side early, the fetch closes the socket at its end."""


@dataclass(frozen=True)
class _Hop:
    """One address on the way to the feed."""

    url: str
    scheme: str
    host: str
    port: int
    target: str  # path and query

    @classmethod
    def of(cls, url: str) -> _Hop:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError as error:
            raise FetchFailed(f"{url} is not a valid web address.", "invalid_address") from error
        if scheme not in {"http", "https"} or not parts.hostname:
            raise FetchFailed(f"{url} is not a valid web address.", "invalid_address")
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return cls(url, scheme, normal_host(parts.hostname), port, target)


def download(url: str, policy: FetchPolicy) -> bytes:
    """The body of ``url``, following redirects; FetchFailed says why it cannot be had."""
    deadline = _Deadline(policy.deadline_seconds)
    try:
        return _follow(url, policy, deadline)
    except (_OutOfTime, TimeoutError) as error:
        raise FetchFailed(
            f"{url} did not send its calendar within {policy.deadline_seconds:g} seconds;"
            " the sync stopped waiting.",
            "timeout",
        ) from error
    except OSError as error:  # refused, reset, unreachable network, TLS failure
        raise FetchFailed(f"The address could not be reached: {url}.") from error


def _follow(url: str, policy: FetchPolicy, deadline: _Deadline) -> bytes:
    """Fetch ``url``, then each address it redirects to, every hop checked anew."""
    hop = _Hop.of(url)
    for _ in range(policy.max_redirects + 1):
        body, location = _get(hop, url, policy, deadline)
        if location is None:
            return body
        next_url = urljoin(hop.url, location)
        if urlsplit(next_url).scheme.lower() not in {"http", "https"}:
            raise FetchFailed(
                f"{url} redirects to an address that is not http or https.", "redirects"
            )
        hop = _Hop.of(next_url)
    raise FetchFailed(f"{url} redirects more than {policy.max_redirects} times.", "redirects")


def _get(hop: _Hop, url: str, policy: FetchPolicy, deadline: _Deadline) -> tuple[bytes, str | None]:
    """One GET: the body, or the Location it redirects to."""
    sock = _open(hop, url, policy, deadline)
    connection = http.client.HTTPConnection(hop.host, hop.port)
    # Already connected to the checked address: http.client must not resolve the name again.
    connection.sock = _TimedSocket(sock, deadline)
    try:
        connection.request("GET", hop.target, headers=_HEADERS)
        response = connection.getresponse()
        location = response.getheader("Location")
        if response.status in REDIRECTS and location:
            return b"", location
        if response.status != 200:
            raise FetchFailed(f"{url} answered HTTP {response.status}.", "http_error")
        return _body(response, url, policy.max_bytes), None
    except http.client.HTTPException as error:  # its text would quote the server's answer
        raise FetchFailed(f"{url} did not answer as a web server does.", "not_web") from error
    finally:
        connection.close()
        sock.close()


_HEADERS = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5", "Connection": "close"}


def _body(response: http.client.HTTPResponse, url: str, max_bytes: int) -> bytes:
    """The response body, refused as soon as it is known to be larger than ``max_bytes``."""
    too_big = FetchFailed(
        f"{url} is larger than {max_bytes:,} bytes; it is not taken.", "too_large"
    )
    length = response.getheader("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise too_big
    data = bytearray()
    while chunk := response.read(_CHUNK):
        data += chunk
        if len(data) > max_bytes:
            raise too_big
    return bytes(data)


def _open(hop: _Hop, url: str, policy: FetchPolicy, deadline: _Deadline) -> socket.socket:
    """A socket connected to a checked address of the hop (TLS-wrapped for https)."""
    addresses = _resolve(hop, url, policy, deadline)
    if hop.host not in policy.allowed_hosts:
        for _family, address in addresses:
            if not is_public(ipaddress.ip_address(address[0])):
                raise FetchFailed(_refusal(hop, url), "not_allowed")
    sock = _connect(addresses, url, deadline)
    if hop.scheme == "http":
        return sock
    try:
        sock.settimeout(deadline.remaining())
        return ssl.create_default_context().wrap_socket(sock, server_hostname=hop.host)
    except ssl.SSLCertVerificationError as error:
        sock.close()
        raise FetchFailed(
            f"{url} did not prove who it is (its certificate).", "certificate"
        ) from error
    except (OSError, _OutOfTime):
        sock.close()
        raise


def _refusal(hop: _Hop, url: str) -> str:
    where = "is" if hop.url == url else "redirects to"
    return (
        f"{url} {where} a private or local network address; the sync fetches public"
        " addresses only (an administrator can allow a host in GFMD_ALLOWED_HOSTS)."
    )


def _resolve(hop: _Hop, url: str, policy: FetchPolicy, deadline: _Deadline) -> Addresses:
    """The hop's addresses, looked up once; the lookup too must fit in the deadline."""
    found: dict[str, Addresses] = {}

    def look_up() -> None:
        try:
            found["addresses"] = policy.resolve(hop.host, hop.port)
        except (OSError, UnicodeError):
            found["addresses"] = []

    # getaddrinfo has no time limit of its own: wait for it no longer than the deadline.
    lookup = threading.Thread(target=look_up, name="gfmd-resolve", daemon=True)
    lookup.start()
    lookup.join(deadline.remaining())
    if lookup.is_alive():
        raise _OutOfTime
    if not found.get("addresses"):
        raise FetchFailed(f"The address could not be reached: {url} (its name is unknown).")
    return found["addresses"]


def _connect(addresses: Addresses, url: str, deadline: _Deadline) -> socket.socket:
    """A TCP connection to the first of ``addresses`` that answers."""
    for family, address in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(deadline.remaining())
            sock.connect(address)
            return sock
        except (TimeoutError, _OutOfTime):
            sock.close()
            raise
        except OSError:
            sock.close()
    raise FetchFailed(f"The address could not be reached: {url}.")
