"""The site's public address, from one setting.

Every absolute address the site writes (the screen's QR code, printed
leaflets, the sitemap, OpenGraph tags, RSS, Atom and iCal feeds, emails) is
built here from ``settings.SAFESPACE_PUBLIC_URL`` (scheme, host and port),
never from the host a request happened to arrive at: behind a proxy, at a
demo on a port, or when a feed is read at two host names, the addresses stay
the same. ``safespace.services.site_address_sync`` keeps the default Wagtail
Site's hostname and port in step, so Wagtail's own full URLs agree.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def public_base() -> str:
    """``https://espailila.org``, ``http://127.0.0.1:8000``: no trailing slash."""
    return settings.SAFESPACE_PUBLIC_URL.rstrip("/")


def public_host() -> str:
    """The public host name, without scheme or port."""
    return urlsplit(public_base()).hostname or ""


def absolute_url(url: str) -> str:
    """``/ca/agenda/`` -> ``https://espailila.org/ca/agenda/``.

    An address that already has a scheme (a page of another Wagtail Site, a
    file on S3) is returned as it is, and no address ("") stays "".
    """
    if not url or urlsplit(url).scheme:
        return url
    return public_base() + "/" + url.lstrip("/")


def page_full_url(page, request=None) -> str:
    """A Wagtail page's absolute address ("" if it is not routable)."""
    return absolute_url(page.get_url(request=request) or "") if page is not None else ""
