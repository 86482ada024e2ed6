"""Fetching a summit feed from the web: public addresses only (unless a host is allowed),
checked after resolution and on every redirect, under one deadline and a size cap.

Real servers on 127.0.0.1 answer: the loopback address is the private address these
tests may reach, so it stands for every address the sync must refuse.
"""

from __future__ import annotations

import ipaddress
import time

import pytest

from forum.agenda.gfmd.addresses import allowed_hosts, is_public
from forum.agenda.gfmd.download import FetchPolicy, system_resolver
from forum.agenda.gfmd.fetch import FeedError, read_source
from tests.gfmd_helpers import FIXTURES
from tests.gfmd_servers import SECRET, feed_server, trickle_server

LOOPBACK_ALLOWED = FetchPolicy(allowed_hosts=frozenset({"127.0.0.1"}))
REFUSED = (
    " a private or local network address; the sync fetches public addresses only"
    " (an administrator can allow a host in GFMD_ALLOWED_HOSTS)."
)


def failure(source: str, policy: FetchPolicy | None = None) -> str:
    with pytest.raises(FeedError) as raised:
        read_source(source, policy)
    return raised.value.message


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.255.0.9",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104 - an address refused, not one bound
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.10",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::7f00:1",  # IPv4-compatible
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2001:db8::1",
    ],
)
def test_loopback_private_link_local_multicast_and_reserved_addresses_are_refused(address):
    assert is_public(ipaddress.ip_address(address)) is False


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "196.200.160.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]
)
def test_public_addresses_are_allowed(address):
    assert is_public(ipaddress.ip_address(address)) is True


def test_the_allowed_hosts_setting_is_a_comma_separated_list():
    assert allowed_hosts(" Calendar.Intranet. , 127.0.0.1,,[::1] ") == frozenset(
        {"calendar.intranet", "127.0.0.1", "::1"}
    )
    assert allowed_hosts(("feeds.example",)) == frozenset({"feeds.example"})
    assert allowed_hosts(None) == frozenset()


def test_loopback_is_refused_by_default_and_nothing_is_fetched():
    with feed_server() as server:
        message = failure(server.url("/summit.ics"))
        assert server.requests == []
    assert message == f"{server.url('/summit.ics')} is{REFUSED}"


def test_loopback_is_fetched_when_its_host_is_listed():
    with feed_server() as server:
        data = read_source(server.url("/summit.ics"), LOOPBACK_ALLOWED)
    assert data == (FIXTURES / "summit-v1.ics").read_bytes()


@pytest.mark.parametrize(
    "host",
    [
        "localhost",  # a name: judged by what it resolves to
        "2130706433",  # 127.0.0.1 written as one number
        "127.1",
        "[::ffff:127.0.0.1]",
        "[::1]",
        "0.0.0.0",  # noqa: S104 - an address refused, not one bound
    ],
)
def test_other_names_of_a_local_address_are_refused_even_when_127_0_0_1_is_allowed(host):
    with feed_server() as server:
        url = server.url("/summit.ics", host=host)
        message = failure(url, LOOPBACK_ALLOWED)
        assert server.requests == []
    assert message == f"{url} is{REFUSED}"


@pytest.mark.parametrize(
    "target",
    ["http://localhost:{port}/secret", "http://[::ffff:127.0.0.1]:{port}/secret"],
)
def test_a_redirect_from_an_allowed_host_to_a_private_address_is_refused(target):
    with feed_server() as server:
        url = server.url(f"/redirect?to={target.format(port=server.port)}")
        message = failure(url, LOOPBACK_ALLOWED)
        assert [path for path, _host in server.requests] == [url.removeprefix(server.base)]
    assert message == f"{url} redirects to{REFUSED}"
    assert SECRET not in message


def test_a_redirect_within_allowed_hosts_is_followed():
    with feed_server() as server:
        data = read_source(server.url("/redirect?to=/summit.ics"), LOOPBACK_ALLOWED)
        assert [path for path, _ in server.requests] == ["/redirect?to=/summit.ics", "/summit.ics"]
    assert data.startswith(b"BEGIN:VCALENDAR")


def test_redirects_to_other_schemes_and_endless_redirects_are_refused():
    with feed_server() as server:
        to_file = server.url("/redirect?to=file:///etc/passwd")
        loop = server.url("/loop")
        assert failure(to_file, LOOPBACK_ALLOWED) == (
            f"{to_file} redirects to an address that is not http or https."
        )
        assert failure(loop, LOOPBACK_ALLOWED) == f"{loop} redirects more than 5 times."


def test_the_connection_goes_to_the_address_that_was_checked():
    """The name is resolved once per hop, and the socket connects to that very address."""
    with feed_server() as server:
        lookups: list[str] = []

        def resolve(host: str, port: int) -> list[tuple[int, tuple[object, ...]]]:
            lookups.append(host)
            return system_resolver("127.0.0.1", port)

        policy = FetchPolicy(allowed_hosts=frozenset({"calendar.test"}), resolve=resolve)
        data = read_source(server.url("/summit.ics", host="calendar.test"), policy)
        assert server.requests == [("/summit.ics", f"calendar.test:{server.port}")]
    assert (lookups, data[:15]) == (["calendar.test"], b"BEGIN:VCALENDAR")


def test_a_name_with_one_private_address_among_public_ones_is_refused():
    def resolve(_host: str, port: int) -> list[tuple[int, tuple[object, ...]]]:
        # A public address first: a check of the first address alone would let it through.
        return [*system_resolver("8.8.8.8", port), *system_resolver("127.0.0.1", port)]

    url = "http://mixed.test/agenda.ics"
    assert failure(url, FetchPolicy(resolve=resolve)) == f"{url} is{REFUSED}"


def test_http_errors_say_the_status_and_unknown_names_say_so():
    with feed_server() as server:
        gone = server.url("/gone.ics")
        assert failure(gone, LOOPBACK_ALLOWED) == f"{gone} answered HTTP 404."
    unknown = "http://no-such-host.invalid/agenda.ics"
    assert failure(unknown) == f"The address could not be reached: {unknown} (its name is unknown)."


def test_a_closed_port_could_not_be_reached():
    with feed_server() as server:
        url = server.url("/summit.ics")
    # The server is gone: nothing listens on its port any more.
    assert failure(url, LOOPBACK_ALLOWED) == f"The address could not be reached: {url}."


@pytest.mark.parametrize("path", ["/big", "/big-unsized"])
def test_an_oversized_body_is_refused(path):
    with feed_server() as server:
        url = server.url(path)
        message = failure(url, FetchPolicy(allowed_hosts=frozenset({"127.0.0.1"}), max_bytes=1000))
    assert message == f"{url} is larger than 1,000 bytes; it is not taken."


HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\n\r\n"


@pytest.mark.parametrize(
    ("answer", "what"),
    [
        (HEADERS + b"BEGIN:VCALENDAR\r\n" * 50, "a body dripped byte by byte"),
        (HEADERS, "headers dripped byte by byte"),
        (b"", "no answer at all"),
    ],
)
def test_a_slow_server_is_cut_off_at_the_deadline(answer, what):
    policy = FetchPolicy(allowed_hosts=frozenset({"127.0.0.1"}), deadline_seconds=1.0)
    with trickle_server(answer, every=0.2) as url:
        started = time.monotonic()
        message = failure(url, policy)
        elapsed = time.monotonic() - started
    assert message == f"{url} did not send its calendar within 1 seconds; the sync stopped waiting."
    assert 1.0 <= elapsed < 1.5, f"{what}: cut off after {elapsed:.2f} s"


def test_a_server_that_speaks_no_http_is_not_quoted():
    with trickle_server(b"SSH-2.0-OpenSSH_9.2 " + SECRET.encode() + b"\r\n", every=0) as url:
        message = failure(url, LOOPBACK_ALLOWED)
    assert message == f"{url} did not answer as a web server does."
