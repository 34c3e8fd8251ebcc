"""Which address a log-in comes from: the connection's, unless that is a proxy we trust."""

import pytest
from django.test import RequestFactory

from dibao.accounts.addresses import client_address


def address(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().post("/accounts/login/", **headers))


def test_without_trusted_proxies_the_header_is_never_read(settings):
    settings.TRUSTED_PROXIES = []
    assert address("10.0.0.1", "203.0.113.7") == "10.0.0.1"


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # one proxy: it appended the address it was connected from
        ("10.0.0.5", "203.0.113.7", "203.0.113.7"),
        # what the client wrote left of that is not believed
        ("10.0.0.5", "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        # two of our proxies in a row (a network of them): the first address not ours
        ("10.0.0.5", "1.2.3.4, 203.0.113.7, 10.0.1.20", "203.0.113.7"),
        # a client that reaches the server past the proxy writes what it likes, to no avail
        ("198.51.100.9", "203.0.113.7", "198.51.100.9"),
        # nothing, or nothing readable, where our proxy writes: the connection's address
        ("10.0.0.5", None, "10.0.0.5"),
        ("10.0.0.5", "203.0.113.7, not-an-address", "10.0.0.5"),
        ("10.0.0.5", "10.0.1.20", "10.0.0.5"),
        # IPv6 clients and proxies
        ("10.0.0.5", "2001:db8::1", "2001:db8::1"),
        ("fd00::5", "203.0.113.7", "203.0.113.7"),
    ],
)
def test_behind_trusted_proxies_the_right_most_untrusted_address_is_the_client(
    settings, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["10.0.0.5", "10.0.1.0/24", "fd00::/64"]
    assert address(remote, forwarded) == expected
