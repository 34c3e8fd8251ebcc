"""The client address that log-in locks and records use (axes' `AXES_CLIENT_IP_CALLABLE`).

`X-Forwarded-For` is whatever the client wants it to be unless a proxy we run rewrote it: a guesser
who may name his own address escapes any count kept per address. So the header is read only when
the connection comes from one of `TRUSTED_PROXIES`, and then from the right: each trusted proxy
appends the address it was connected from, so the right-most address that is not one of ours is
the client; anything left of it was written by the client and is ignored.

django-ipware, which axes would otherwise use, matches its trusted proxies against addresses inside
the header rather than against the connection, so a client that reaches the server directly could
still write a chain it would believe; hence this short resolver of our own.
"""

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(entries: Iterable[str]) -> list[Network]:
    # A single address is a network of one; "10.0.0.0/24" names a range of proxies.
    return [ipaddress.ip_network(entry, strict=False) for entry in entries]


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: list[Network]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection came from one of `TRUSTED_PROXIES`, whose headers are believed."""
    remote = request.META.get("REMOTE_ADDR") or ""
    connected = _address(remote)
    return connected is not None and _trusted(connected, _networks(settings.TRUSTED_PROXIES))


def client_address(request: HttpRequest) -> str | None:
    """`REMOTE_ADDR`, or behind a trusted proxy the right-most untrusted address of X-Forwarded-For."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = _networks(settings.TRUSTED_PROXIES)
    connected = _address(remote) if remote else None
    if connected is None or not _trusted(connected, proxies):
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # Our own proxy wrote nothing readable here: trust nothing further left either.
            return remote
        if not _trusted(address, proxies):
            return str(address)
    # Every hop is one of our proxies (a health check, say): the nearest one is the client.
    return remote
