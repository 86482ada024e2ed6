"""Which network addresses a summit feed may be fetched from. Pure: no Flask, no database.

The sync fetches whatever address an organiser typed, so it must not become a way into the
server's own services or its private network (SSRF): loopback, private, link-local,
multicast and reserved addresses are refused, unless their host is listed as allowed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# NAT64 (RFC 6052) writes an IPv4 address in the last 32 bits of this prefix.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one leads to (IPv4-mapped, NAT64 or 6to4), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def is_public(address: IPAddress) -> bool:
    """True for a globally routable unicast address, False for any the sync refuses."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:  # ::ffff:127.0.0.1 reaches 127.0.0.1: judge what it reaches
            return is_public(inner)
        if address.is_site_local:
            return False
    refused = (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )
    # is_global also leaves out shared address space (100.64.0.0/10, carrier-grade NAT).
    return address.is_global and not refused


def normal_host(host: str) -> str:
    """A host name or address as compared with the allowed list: lower case, no brackets."""
    return host.strip().strip("[]").rstrip(".").lower()


def allowed_hosts(setting: str | Iterable[str] | None) -> frozenset[str]:
    """The hosts of GFMD_ALLOWED_HOSTS (a comma-separated text or a list), normalised."""
    if setting is None:
        return frozenset()
    names = setting.split(",") if isinstance(setting, str) else setting
    return frozenset(normal_host(name) for name in names if name.strip())
