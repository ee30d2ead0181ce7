"""The network agenda (agenda.NetworkAgendaPage): the sessions of every space
that shares them (Settings -> Network), each with its space's name and a link
to it at its own space's address; a space that stops sharing leaves it at the
next request; its queries do not grow with the number of spaces."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.models import ActivityPage, ActivitySlot, AgendaPage, NetworkAgendaPage
from plugins.models import NetworkSharing
from safespace import content_cache
from safespace.services import space_create
from tests.agenda.conftest import weekly
from tests.conftest import SECOND_HOST

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def network_page(home, locales):
    page = NetworkAgendaPage(title="Agenda de la xarxa", slug="xarxa", locale=locales[settings.LANGUAGE_CODE])
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def space_activity(site, title, *, day, slug):
    """A space's agenda (made once) with one activity every day at 18:00."""
    agenda = AgendaPage.objects.child_of(site.root_page).first()
    if agenda is None:
        agenda = AgendaPage(title="Agenda", slug="agenda", locale=site.root_page.locale)
        site.root_page.add_child(instance=agenda)
        agenda.save_revision().publish()
    page = ActivityPage(title=title, slug=slug, summary=f"{title}.", languages=["ca"])
    page.slots = [ActivitySlot(**weekly(day, range(7)))]
    agenda.add_child(instance=page)
    page.save_revision().publish()
    return page


def share(site, agenda=True):
    setting = NetworkSharing.for_site(site)
    setting.agenda = agenda
    setting.save()


def sessions(html):
    """(title, link, space line) of each session in the period shown."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for item in soup.select(".agenda-days .occ"):
        link = item.select_one(".occ__title a")
        space = item.select_one(".occ__space")
        if space is not None:
            space.select_one(".visually-hidden").extract()  # "Space:", for screen readers
        found.append((link.get_text(strip=True), link["href"], space.get_text(strip=True) if space else None))
    return found


def test_the_network_agenda_shows_sharing_spaces_with_their_names_and_addresses(
        now, site, home, second_space, network_page, client):
    site.site_name = "Espai Lila"
    site.save()
    day = now.date() - dt.timedelta(days=7)
    space_activity(site, "Costura Lila", day=day, slug="costura")
    space_activity(second_space, "Teatre Violeta", day=day, slug="teatre")
    third = space_create(name="Espai Tres", hostname="third.test", languages=["ca"])
    space_activity(third, "Ioga Tres", day=day, slug="ioga")
    share(site)
    share(second_space)
    share(third, agenda=False)
    stamp = f"{now.date():%Y-%m-%d}-1800"

    week = client.get("/ca/xarxa/")
    assert week.status_code == 200
    shown = sessions(week.content.decode())
    assert {title for title, _link, _space in shown} == {"Costura Lila", "Teatre Violeta"}
    assert len(shown) == 14  # each space's every day of the week
    today = {title: (link, space) for title, link, space in shown if stamp in link}
    # Its own space's session by its path; another space's at that space's address.
    assert today["Costura Lila"] == (f"/ca/agenda/costura/{stamp}/", "Espai Lila")
    assert today["Teatre Violeta"] == (f"http://{SECOND_HOST}/ca/agenda/teatre/{stamp}/", "Espai Violeta")
    assert "agenda.ics" not in week.content.decode()  # the feeds are each space's own

    listed = client.get(f"/ca/xarxa/list/?space={second_space.pk}")
    assert listed.status_code == 200
    assert {title for title, _link, _space in sessions(listed.content.decode())} == {"Teatre Violeta"}
    assert client.get(f"/ca/xarxa/?space={third.pk}").status_code == 400  # not sharing: not a choice
    assert client.get("/ca/xarxa/?space=nope").status_code == 400
    assert client.get(f"/ca/xarxa/month/{now.date():%Y-%m}/").status_code == 200

    share(second_space, agenda=False)  # stops sharing: gone at the next request
    assert {title for title, _link, _space in sessions(client.get("/ca/xarxa/").content.decode())} == {"Costura Lila"}


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_the_network_agenda_reads_as_many_queries_for_three_spaces_as_for_one(now, site, home, network_page, client):
    day = now.date() - dt.timedelta(days=7)
    space_activity(site, "Costura Lila", day=day, slug="costura")
    share(site)
    url = "/ca/xarxa/week/{:%Y-%m-%d}/".format(now.date())
    client.get(url)  # the first request of a site creates its settings rows
    # Right after an edit the content cache is built again. (Wagtail's own list of
    # the sites' root paths, read once per site after a change to a Site, is kept apart.)
    content_cache.content_changed()
    cold_one, _response = _count(client, url)
    warm_one, _response = _count(client, url)
    for n in (2, 3):
        space = space_create(name=f"Espai {n}", hostname=f"space{n}.test", languages=["ca"])
        space_activity(space, f"Taller {n}", day=day, slug=f"taller-{n}")
        share(space)
    client.get(url)
    content_cache.content_changed()
    assert _count(client, url)[0] == cold_one
    warm_three, response = _count(client, url)
    assert warm_three == warm_one
    assert {title for title, _link, _space in sessions(response.content.decode())} == {
        "Costura Lila", "Taller 2", "Taller 3"}
