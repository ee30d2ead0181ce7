"""The site's public address, from one setting.

Every absolute address the site writes (the screen's QR code, printed
leaflets, the sitemap, OpenGraph tags, RSS, Atom and iCal feeds, emails) is
built here from ``settings.SAFESPACE_PUBLIC_URL`` (scheme, host and port),
never from the host a request happened to arrive at: behind a proxy, at a
demo on a port, or when a feed is read at two host names, the addresses stay
the same. ``safespace.services.site_address_sync`` keeps the default Wagtail
Site's hostname and port in step, so Wagtail's own full URLs agree.

With several spaces (safespace/spaces.py), the setting is the default
space's address; another space's addresses are its own Site's host name and
port, with the setting's scheme.
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


def space_base(site) -> str:
    """The public address of a space: the setting's for the default space (or None),
    else the space's own host name and port."""
    from .spaces import site_default_id_cached

    if site is None or site.pk == site_default_id_cached():
        return public_base()
    scheme = urlsplit(public_base()).scheme or "https"
    default_port = {"http": 80, "https": 443}.get(scheme)
    port = "" if site.port in (default_port, 80, 443) else f":{site.port}"
    return f"{scheme}://{site.hostname}{port}"


def absolute_url(url: str, *, site=None) -> str:
    """``/ca/agenda/`` -> ``https://espailila.org/ca/agenda/`` (on ``site``'s address, if given).

    An address that already has a scheme (a page of another Wagtail Site, a
    file on S3) is returned as it is, and no address ("") stays "".
    """
    if not url or urlsplit(url).scheme:
        return url
    return space_base(site) + "/" + url.lstrip("/")


def page_full_url(page, request=None) -> str:
    """A Wagtail page's absolute address, on its own space's address ("" if it is not routable)."""
    if page is None:
        return ""
    parts = page.get_url_parts(request=request)
    if not parts or parts[2] is None:
        return ""
    site_id, _root_url, path = parts
    from .spaces import site_default_id_cached

    if site_id is None or site_id == site_default_id_cached():
        return absolute_url(path)
    from wagtail.models import Site

    return absolute_url(path, site=Site.objects.get(pk=site_id))
