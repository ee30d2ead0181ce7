"""Every kind of public page through the whole-page cache (issue 16): a smoke test.

For each kind, as an anonymous visitor: the second request is a hit with the
same body; a signed-in staff member never gets a stored page; a publish of
a page it shows changes it at the next request. The finer rules (what
expires when, the 304s) are in test_page_cache.py.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from agenda.selectors import activity_upcoming
from plugins.models import SitePlugins
from resources import models as m
from safespace.models import SiteSettings
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401
from tests.factories import StandardPageFactory
from tests.resources.conftest import image, library, make_resource, make_term, publish, terms  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

MADRID = ZoneInfo("Europe/Madrid")


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.SAFESPACE_PAGE_CACHE = True


@pytest.fixture
def site_pages(time_machine, home, site, make_activity, library, make_resource, image):
    """{kind: (url, the page whose title that url shows)}."""
    time_machine.move_to(dt.datetime(2026, 3, 9, 12, 0, tzinfo=MADRID), tick=False)
    sewing = make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1], start="10:00", end="12:00")])
    session = activity_upcoming(page=sewing, limit=1)[0]
    about = StandardPageFactory(parent=home, title="Qui som", slug="qui-som")
    resource = make_resource("Naloxona", slug="naloxona", image=image, image_alt="Un kit de naloxona")
    news_index = m.NewsIndexPage(title="Notícies", slug="noticies", intro="Novetats.")
    home.add_child(instance=news_index)
    publish(news_index)
    news = m.NewsPage(title="Formació en naloxona", slug="formacio", intro="Cada dijous.",
                      body=[("paragraph", "<p>Text.</p>")], date=dt.date(2026, 3, 1))
    news_index.add_child(instance=news)
    publish(news)
    campaign = m.CampaignPage(title="Espais segurs", slug="campanya", intro="Demanem.",
                              demands=[("demand", "Naloxona a les farmàcies")])
    home.add_child(instance=campaign)
    publish(campaign)
    # Both are made at the first request otherwise, which is an edit.
    SiteSettings.for_site(site)
    SitePlugins.for_site(site)
    agenda = sewing.get_parent().url
    return {
        "home": ("/ca/", sewing),
        "standard page": (about.url, about),
        "advocacy page": (campaign.url, campaign),
        "agenda day": (f"{agenda}day/2026-03-10/", sewing),
        "agenda week": (f"{agenda}week/2026-03-09/", sewing),
        "agenda month": (f"{agenda}month/2026-03/", sewing),
        "agenda list": (f"{agenda}list/", sewing),
        "agenda + filter": (f"{agenda}?category={sewing.category.slug}", sewing),
        "activity": (sewing.url, sewing),
        "occurrence": (session.url, sewing),
        "library": (library.url, resource),
        "resource": (resource.url, resource),
        "news": (news_index.url, news),
        "news item": (news.url, news),
        "iCal": ("/feeds/agenda.ics", sewing),
        "Atom": (f"{news_index.url}atom/", news),
        "JSON": ("/api/agenda/occurrences.json?start=2026-03-09&end=2026-03-16", sewing),
    }


def test_each_kind_of_public_page_is_stored_for_visitors_only_and_follows_a_publish(client, site_pages, superuser):
    for kind, (url, shown) in site_pages.items():
        first, second = client.get(url), client.get(url)
        assert first.status_code == 200, kind
        assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit"), kind
        assert second.content == first.content and second["ETag"] == first["ETag"], kind
        assert shown.title in first.content.decode(), kind

    staff = client.__class__()
    staff.force_login(superuser)
    for kind, (url, _shown) in site_pages.items():
        response = staff.get(url)
        assert response.status_code == 200 and "X-Cache" not in response, kind

    for number, (kind, (url, shown)) in enumerate(site_pages.items()):
        # Short: iCal folds lines longer than 75 octets.
        shown.title = f"Nou-{number:02d}"
        shown.save_revision().publish()
        changed = client.get(url)
        assert changed["X-Cache"] == "miss" and shown.title in changed.content.decode(), kind
