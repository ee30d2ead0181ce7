"""The client's address: the one place that reads it.

Behind nginx, Caddy or a load balancer every request arrives from the proxy,
so REMOTE_ADDR is the proxy's address and the client's is in X-Forwarded-For.
That header is a list, and anyone can send one: only the entries appended by
proxies we run can be believed. Each trusted proxy appends the address it got
the request from, so with N trusted proxies the client is the N-th entry from
the right; whatever a client wrote further left is ignored.

SAFESPACE_PROXY_COUNT says how many proxies are in front of the app (0, the
default: clients connect directly and X-Forwarded-For is never read). Login
throttling (django-axes, AXES_CLIENT_IP_CALLABLE) and every rate limit
(django-ratelimit, RATELIMIT_IP_META_KEY) call client_ip(), so they agree.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address the request came from, past SAFESPACE_PROXY_COUNT trusted proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "SAFESPACE_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
        # Fewer entries than proxies: the request skipped one of them, so no entry can be trusted.
        if len(forwarded) >= count:
            address = _valid(forwarded[-count])
            if address is not None:
                return address
    return _valid(remote) or "0.0.0.0"
