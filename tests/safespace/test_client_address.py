"""The client's address, past a configured number of trusted proxies."""

import pytest
from django.test import RequestFactory

from safespace.client_address import client_ip

rf = RequestFactory()


def request(remote="10.0.0.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


def test_without_proxies_the_header_is_never_read(settings):
    settings.SAFESPACE_PROXY_COUNT = 0
    assert client_ip(request(forwarded="203.0.113.7")) == "10.0.0.9"


@pytest.mark.parametrize(
    "count, forwarded, expected",
    [
        # nginx appends the address it saw: whatever the client wrote stays to its left.
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (1, "forged,198.51.100.1,203.0.113.7", "203.0.113.7"),
        # A load balancer, then nginx: the client is the second from the right.
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_nth_address_from_the_right(settings, count, forwarded, expected):
    settings.SAFESPACE_PROXY_COUNT = count
    assert client_ip(request(forwarded=forwarded)) == expected


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "203.0.113.7, 999.1.1.1"])
def test_a_missing_short_or_garbled_header_falls_back_to_the_connection(settings, forwarded):
    settings.SAFESPACE_PROXY_COUNT = 1
    assert client_ip(request(forwarded=forwarded)) == "10.0.0.9"


def test_too_few_entries_for_the_proxies_are_not_trusted(settings):
    settings.SAFESPACE_PROXY_COUNT = 2
    assert client_ip(request(forwarded="203.0.113.7")) == "10.0.0.9"
