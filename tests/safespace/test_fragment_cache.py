"""Pieces of pages kept between requests when the whole-page cache does not answer (issue 16).

The home page's "Coming up" list, its "Read and share" list and the page
banners are built once and kept (content_cache.cached_until_change(),
content_cache.cached()); the page cache is off here, as in the other tests,
so each request renders the page and only these pieces are kept. Each must
still show a change at the very next request.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from agenda import services as agenda_services
from agenda.selectors import activity_upcoming
from plugins.models import SitePlugins
from safespace import content_cache
from safespace.models import SiteSettings
from safespace.signals import page_banners
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401
from tests.factories import StandardPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

MADRID = ZoneInfo("Europe/Madrid")
MONDAY_NOON = dt.datetime(2026, 3, 9, 12, 0, tzinfo=MADRID)
TUESDAY_10 = '<time datetime="2026-03-10T10:00:00+01:00">'


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(MONDAY_NOON, tick=False)
    return time_machine


@pytest.fixture
def sewing(clock, make_activity):
    """Tuesdays 10:00–12:00 from 2 March 2026."""
    return make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1], start="10:00", end="12:00")])


def coming_up(client) -> str:
    html = client.get("/ca/").content.decode()
    return html.split('id="next-heading"')[1].split("</section>")[0]


def test_coming_up_shows_a_schedule_change_at_the_next_request(client, home, sewing):
    assert TUESDAY_10 in coming_up(client) and "badge--cancelled" not in coming_up(client)
    session = activity_upcoming(page=sewing, limit=1)[0]
    agenda_services.occurrence_cancel(event=session.event, original_start=session.original_start, reason="Vaga")
    assert "badge--cancelled" in coming_up(client)


def test_coming_up_moves_on_when_a_session_starts(client, home, sewing, clock):
    clock.move_to(dt.datetime(2026, 3, 10, 9, 59, tzinfo=MADRID), tick=False)
    assert TUESDAY_10 in coming_up(client)
    assert TUESDAY_10 in coming_up(client)  # kept, until 10:00
    clock.move_to(dt.datetime(2026, 3, 10, 10, 0, 1, tzinfo=MADRID), tick=False)
    listed = coming_up(client)
    assert TUESDAY_10 not in listed and '<time datetime="2026-03-17T10:00:00+01:00">' in listed


def test_read_and_share_follows_a_publish_of_the_page_it_links_to(client, home):
    about = StandardPageFactory(parent=home, title="Qui som", slug="qui-som", intro="Una cooperativa.")
    home.featured = [("link", {"page": about, "url": "", "label": ""})]
    home.save_revision().publish()
    for _ in range(2):
        html = client.get("/ca/").content.decode()
    assert '<a href="/ca/qui-som/">Qui som</a>' in html and "Una cooperativa." in html
    about.title, about.intro = "Qui som i què fem", "Una cooperativa de barri."
    about.save_revision().publish()
    html = client.get("/ca/").content.decode()
    assert '<a href="/ca/qui-som/">Qui som i què fem</a>' in html and "Una cooperativa de barri." in html


def test_banners_are_asked_once_per_language_until_something_changes(client, home, site):
    # Both are made at the first request otherwise, which is an edit.
    SiteSettings.for_site(site)
    SitePlugins.for_site(site)
    calls = []

    def banner(sender, request=None, **kwargs):
        from django.utils import translation

        calls.append(translation.get_language())
        return f"Avís {len(calls)}"

    page_banners.connect(banner, weak=False, dispatch_uid="test_fragment_cache_banner")
    try:
        assert "Avís 1" in client.get("/ca/").content.decode()
        assert "Avís 1" in client.get("/ca/").content.decode()
        assert "Avís 2" in client.get("/es/").content.decode()
        assert calls == ["ca", "es"]
        content_cache.pages_changed()
        assert "Avís 3" in client.get("/ca/").content.decode()
    finally:
        page_banners.disconnect(dispatch_uid="test_fragment_cache_banner")


def test_a_value_is_kept_until_the_next_registered_moment(clock):
    boundary = dt.datetime(2026, 3, 9, 12, 30, tzinfo=MADRID)
    provider = lambda now: boundary if now < boundary else None  # noqa: E731
    content_cache.register_next_change(provider)
    built = []
    try:
        def value():
            return content_cache.cached_until_change("test", 1, build=lambda: built.append(1) or len(built))

        content_cache.content_changed()
        assert value() == value() == 1
        # Within the content cache's lifetime (SAFESPACE_CONTENT_CACHE_SECONDS, 300), up to the moment.
        boundary_minus = dt.datetime(2026, 3, 9, 12, 29, 30, tzinfo=MADRID)
        clock.move_to(boundary_minus - dt.timedelta(minutes=4), tick=False)
        content_cache.content_changed()
        first = value()
        clock.move_to(boundary_minus, tick=False)
        assert value() == first
        clock.move_to(dt.datetime(2026, 3, 9, 12, 30, 1, tzinfo=MADRID), tick=False)
        assert value() == first + 1
    finally:
        content_cache._next_change_providers.remove(provider)


def test_kept_rich_text_and_site_follow_a_publish_and_a_site_change(client, home, second_space):
    """Rich text (its links expanded and cleaned) and the request's site are kept per
    content version: a linked page's new address and a site's new host show at once."""
    from wagtail.models import Site

    from tests.conftest import SECOND_HOST

    about = StandardPageFactory(parent=home, title="Qui som", slug="qui-som")
    home.hero_text = f'<p>Mira <a linktype="page" id="{about.pk}">qui som</a>.</p>'
    home.save_revision().publish()
    client.get("/ca/")
    assert '/ca/qui-som/" rel="noopener noreferrer">qui som</a>' in client.get("/ca/").content.decode()
    about.slug = "qui-som-i-que-fem"
    about.save_revision().publish()
    assert '/ca/qui-som-i-que-fem/" rel="noopener noreferrer">qui som</a>' in client.get("/ca/").content.decode()

    assert "Espai Violeta" in client.get("/ca/", HTTP_HOST=SECOND_HOST).content.decode()
    violeta = Site.objects.get(hostname=SECOND_HOST)
    violeta.hostname = "violeta.example"
    violeta.save()
    assert "Espai Violeta" not in client.get("/ca/", HTTP_HOST=SECOND_HOST).content.decode()


def test_the_next_moment_is_asked_of_every_space_even_inside_one_spaces_request(clock, home, second_space):
    """next_change_at() is kept once for all spaces: a provider reading a site-scoped
    model (an offer's sign-up window) inside one space's request must see every space."""
    from plugins.api import sites

    seen = []
    provider = lambda now: seen.append(sites.current_site())  # noqa: E731
    content_cache.register_next_change(provider)
    try:
        with sites.scope(second_space):
            content_cache.next_change_at(MONDAY_NOON)
        assert seen == [None]
    finally:
        content_cache._next_change_providers.remove(provider)
