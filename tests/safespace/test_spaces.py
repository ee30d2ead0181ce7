"""Several spaces on one install (safespace/spaces.py): each space's agenda,
feeds and screens hold its own sessions only, a closure closes one space, and
staff of one space reach nothing of another in the admin."""

import datetime as dt

import icalendar
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page, Site

from agenda.models import ActivityPage, ActivitySlot, AgendaPage, Closure, Room
from safespace import roles, spaces
from safespace.models import SpaceGroup
from safespace.services import space_create, space_group
from screen.models import Announcement, Screen
from tests.agenda.conftest import agenda_page, categories, make_activity, now, rooms, weekly  # noqa: F401
from tests.conftest import SECOND_HOST
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

A = {"HTTP_HOST": "localhost"}
B = {"HTTP_HOST": SECOND_HOST}


@pytest.fixture
def two_agendas(now, make_activity, second_space, locales):
    """One weekly activity in each space, every day at 18:00, each in a room of its own space."""
    day = now.date() - dt.timedelta(days=7)
    lila = make_activity("Costura Lila", slots=[weekly(day, range(7))])
    violeta_room = Room.objects.create(name="Sala Violeta", slug="sala-violeta", site=second_space,
                                       locale=locales[settings.LANGUAGE_CODE])
    agenda_b = AgendaPage(title="Agenda", slug="agenda", locale=locales[settings.LANGUAGE_CODE])
    second_space.root_page.add_child(instance=agenda_b)
    agenda_b.save_revision().publish()
    violeta = ActivityPage(title="Teatre Violeta", slug="teatre", summary="Teatre.", languages=["ca"], room=violeta_room)
    violeta.slots = [ActivitySlot(**weekly(day, range(7)))]
    agenda_b.add_child(instance=violeta)
    violeta.save_revision().publish()
    return lila, ActivityPage.objects.get(pk=violeta.pk), agenda_b


def test_a_space_is_a_site_with_its_home_and_groups(second_space, home):
    assert second_space.root_page.title == "Espai Violeta"
    assert {p.locale.language_code for p in Page.objects.filter(translation_key=second_space.root_page.translation_key)} == {
        code for code, _ in settings.LANGUAGES
    }
    names = set(SpaceGroup.objects.filter(site=second_space).values_list("group__name", flat=True))
    assert names == {f"Espai Violeta · {role}" for role in roles.ALL_GROUPS}
    # The groups that predate spaces stay the default space's.
    assert space_group(site_id=home.get_site().pk, role=roles.FACILITATORS).name == roles.FACILITATORS
    # Idempotent.
    assert space_create(name="Espai Violeta", hostname=SECOND_HOST) == second_space
    assert Site.objects.count() == 2


def test_a_home_page_titled_with_the_spaces_name_says_the_name_once(second_space, home, client):
    """A new space's home page is titled with its name: the browser's title reads "Espai Violeta",
    not "Espai Violeta · Espai Violeta"; a page with a title of its own keeps " · <space>"."""
    violeta = client.get("/ca/", HTTP_HOST=SECOND_HOST).content.decode()
    assert "<title>Espai Violeta</title>" in violeta
    lila = client.get("/ca/").content.decode()
    assert f"<title>{home.title} · " in lila


def test_each_agenda_shows_its_own_space_only(two_agendas, client):
    lila, violeta, agenda_b = two_agendas
    page_a = client.get("/ca/agenda/", **A).content.decode()
    page_b = client.get("/ca/agenda/", **B).content.decode()
    assert "Costura Lila" in page_a and "Teatre Violeta" not in page_a
    assert "Teatre Violeta" in page_b and "Costura Lila" not in page_b
    # The room filter offers the space's own rooms; another space's room is unknown.
    assert "Sala Violeta" in page_b and "Sala Violeta" not in page_a
    assert client.get("/ca/agenda/?room=sala-violeta", **A).status_code == 400
    assert client.get("/ca/agenda/?room=sala-violeta", **B).status_code == 200


def test_home_pages_list_their_own_space(two_agendas, client):
    assert "Teatre Violeta" not in client.get("/ca/", **A).content.decode()
    body_b = client.get("/ca/", **B).content.decode()
    assert "Teatre Violeta" in body_b and "Costura Lila" not in body_b


def _summaries(content: bytes) -> set[str]:
    return {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(content).walk("VEVENT")}


def test_feeds_hold_their_own_space_only(two_agendas, client, now):
    lila, violeta, _agenda_b = two_agendas
    assert _summaries(client.get("/feeds/agenda.ics", **A).content) == {"Costura Lila"}
    assert _summaries(client.get("/feeds/agenda.ics", **B).content) == {"Teatre Violeta"}
    assert client.get(f"/feeds/agenda/activity/{violeta.pk}.ics", **A).status_code == 404
    assert client.get(f"/feeds/agenda/activity/{violeta.pk}.ics", **B).status_code == 200
    query = f"?start={now.date().isoformat()}&end={(now.date() + dt.timedelta(days=2)).isoformat()}"
    titles_a = {o["title"] for o in client.get(f"/api/agenda/occurrences.json{query}", **A).json()["occurrences"]}
    titles_b = {o["title"] for o in client.get(f"/api/agenda/occurrences.json{query}", **B).json()["occurrences"]}
    assert titles_a == {"Costura Lila"} and titles_b == {"Teatre Violeta"}


def test_a_closure_closes_its_own_space_only(two_agendas, client, second_space, locales, now):
    day = now.date() + dt.timedelta(days=1)
    Closure.objects.create(start_date=day, end_date=day, reason="Tancat", site=second_space,
                           locale=locales[settings.LANGUAGE_CODE])
    query = f"?start={day.isoformat()}&end={(day + dt.timedelta(days=1)).isoformat()}"
    (a,) = client.get(f"/api/agenda/occurrences.json{query}", **A).json()["occurrences"]
    (b,) = client.get(f"/api/agenda/occurrences.json{query}", **B).json()["occurrences"]
    assert a["cancelled"] is False
    assert b["cancelled"] is True
    # And in the feeds: B's session that day is out of B's feed, A's is in A's.
    feed_b = icalendar.Calendar.from_ical(client.get("/feeds/agenda.ics", **B).content)
    assert any(str(e.get("EXDATE")) for e in feed_b.walk("VEVENT"))
    feed_a = icalendar.Calendar.from_ical(client.get("/feeds/agenda.ics", **A).content)
    assert not any(e.get("EXDATE") for e in feed_a.walk("VEVENT"))


def test_screens_show_their_own_space(two_agendas, client, second_space, locales, now):
    screen_a = Screen.objects.create(name="Hall A")
    screen_b = Screen.objects.create(name="Hall B", site=second_space)
    for title, site in (("Avís Lila", screen_a.site), ("Avís Violeta", second_space)):
        Announcement.objects.create(title=title, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=5),
                                    site=site, locale=locales[settings.LANGUAGE_CODE])
    data_a = client.get(f"/screen/{screen_a.token}/data.json", **A).json()
    data_b = client.get(f"/screen/{screen_b.token}/data.json", **B).json()
    assert {i["title"]["ca"] for i in data_a["items"]} == {"Costura Lila"}
    assert {i["title"]["ca"] for i in data_b["items"]} == {"Teatre Violeta"}
    assert [a["title"]["ca"] for a in data_a["announcements"]] == ["Avís Lila"]
    assert [a["title"]["ca"] for a in data_b["announcements"]] == ["Avís Violeta"]
    assert "127.0.0.1" in data_b["agenda_url"]["ca"]
    # A screen's address answers at its own space's host only.
    for url in (f"/screen/{screen_b.token}/", f"/screen/{screen_b.token}/data.json", f"/screen/{screen_b.token}/sw.js"):
        assert client.get(url, **A).status_code == 404
        assert client.get(url, **B).status_code == 200


def test_activity_pages_are_served_by_their_own_space(two_agendas, client):
    _lila, violeta, _agenda_b = two_agendas
    assert client.get("/ca/agenda/teatre/", **B).status_code == 200
    assert client.get("/ca/agenda/teatre/", **A).status_code == 404


# --- Staff ---------------------------------------------------------------------


def _staff(site, role, username):
    user = UserFactory(username=username, is_staff=False)
    user.groups.add(space_group(site_id=site.pk, role=role))
    return user


def test_space_staff_reach_their_own_spaces_snippets_only(two_agendas, client, second_space, home, locales):
    room_a = Room.objects.create(name="Sala Lila", slug="sala-lila", locale=locales[settings.LANGUAGE_CODE])
    room_b = Room.objects.get(slug="sala-violeta")
    screen_a, screen_b = Screen.objects.create(name="Hall A"), Screen.objects.create(name="Hall B", site=second_space)
    facilitator_b = _staff(second_space, roles.FACILITATORS, "fac-b")
    admin_b = _staff(second_space, roles.ADMINISTRATORS, "admin-b")

    client.force_login(facilitator_b)
    listing = client.get("/admin/snippets/agenda/room/", **B).content.decode()
    assert "Sala Violeta" in listing and "Sala Lila" not in listing
    assert client.get(f"/admin/snippets/agenda/room/edit/{room_b.pk}/", **B).status_code == 200
    for view in ("edit", "delete", "history", "usage"):
        assert client.get(f"/admin/snippets/agenda/room/{view}/{room_a.pk}/", **B).status_code == 404, view
    # The same from the other space's host name: the user's spaces, not the host, decide.
    assert client.get(f"/admin/snippets/agenda/room/edit/{room_a.pk}/", **A).status_code == 403
    posted = client.post(f"/admin/snippets/agenda/room/edit/{room_a.pk}/", {"name": "Taken", "slug": "x"}, **B)
    assert posted.status_code == 404
    room_a.refresh_from_db()
    assert room_a.name == "Sala Lila"

    client.force_login(admin_b)
    listing = client.get("/admin/snippets/screen/screen/", **B).content.decode()
    assert "Hall B" in listing and "Hall A" not in listing
    assert client.get(f"/admin/snippets/screen/screen/edit/{screen_a.pk}/", **B).status_code == 404
    form = client.get("/admin/snippets/screen/screen/add/", **B).context["form"]
    # One space to choose from: no question; rooms offered are the space's.
    assert "site" not in form.fields
    assert set(form.fields["rooms"].queryset) == {room_b}
    # A network administrator sees both.
    network = UserFactory(username="net", is_staff=False)
    network.groups.add(space_group(site_id=home.get_site().pk, role=roles.ADMINISTRATORS))
    network.groups.add(roles_network_group())
    client.force_login(network)
    listing = client.get("/admin/snippets/screen/screen/", **A).content.decode()
    assert "Hall A" in listing and "Hall B" in listing
    form = client.get("/admin/snippets/screen/screen/add/", **A).context["form"]
    assert set(form.fields["site"].queryset) == {home.get_site(), second_space}


def test_each_space_has_its_own_menu_and_footer(second_space, home, client, locales):
    """Espai Violeta's pages carry its own menu, footer and emergency numbers, never Espai
    Lila's; an edit shows on its own space's next page only; staff list and edit their own."""
    from safespace.models import Footer, MainMenu, StandardPage

    ca, lila = locales[settings.LANGUAGE_CODE], home.get_site()
    about = StandardPage(title="Qui som Lila", slug="qui-som", intro="Lila")
    home.add_child(instance=about)
    about.save_revision().publish()
    menu_a = MainMenu.objects.create(site=lila, locale=ca, items=[("link", {"page": about, "url": "", "label": ""})])
    footer_a = Footer.objects.create(site=lila, locale=ca, text="<p>Peu Lila.</p>",
                                     emergency_numbers=[("number", {"label": "Línia Lila", "number": "016"})])
    # space_create gave the new space its own menu and footer in each of its languages, empty.
    every = {code for code, _name in settings.LANGUAGES}
    for model in (MainMenu, Footer):
        rows = model.objects.filter(site=second_space)
        assert {row.locale.language_code for row in rows} == every, model
        assert len({row.translation_key for row in rows}) == 1, model  # one snippet, translated
    assert not any(menu.items for menu in MainMenu.objects.filter(site=second_space))
    assert not any(footer.emergency_numbers or footer.text for footer in Footer.objects.filter(site=second_space))
    menu_b = MainMenu.objects.get(site=second_space, locale=ca)
    menu_b.items = [("link", {"page": second_space.root_page, "url": "", "label": "Inici Violeta"})]
    menu_b.save()
    footer_b = Footer.objects.get(site=second_space, locale=ca)
    footer_b.text = "<p>Peu Violeta.</p>"
    footer_b.emergency_numbers = [("number", {"label": "Guàrdia Violeta", "number": "+34 930 00 00 12"})]
    footer_b.save()

    page_a, page_b = client.get("/ca/", **A).content.decode(), client.get("/ca/", **B).content.decode()
    assert "Peu Lila." in page_a and 'href="tel:016"' in page_a and ">Qui som Lila</a>" in page_a
    assert "Peu Violeta." in page_b and 'href="tel:+34930000012"' in page_b and ">Inici Violeta</a>" in page_b
    for theirs in ("Peu Lila.", "Línia Lila", "tel:016", "Qui som Lila"):
        assert theirs not in page_b, theirs
    for theirs in ("Peu Violeta.", "Guàrdia Violeta", "Inici Violeta"):
        assert theirs not in page_a, theirs
    # Lila's footer edited: Lila's next page shows it (a new content version), Violeta's stays its own.
    footer_a.text = "<p>Peu Lila, nou.</p>"
    footer_a.save()
    assert "Peu Lila, nou." in client.get("/ca/", **A).content.decode()
    page_b = client.get("/ca/", **B).content.decode()
    assert "Peu Violeta." in page_b and "Peu Lila" not in page_b

    # Violeta's communications staff list and edit Violeta's menu and footer only.
    client.force_login(_staff(second_space, roles.COMMUNICATIONS, "comms-b"))
    for model, own, theirs in (("mainmenu", menu_b, menu_a), ("footer", footer_b, footer_a)):
        listing = client.get(f"/admin/snippets/safespace/{model}/", **B).content.decode()
        assert f"/admin/snippets/safespace/{model}/edit/{own.pk}/" in listing
        assert f"/admin/snippets/safespace/{model}/edit/{theirs.pk}/" not in listing
        edit = client.get(f"/admin/snippets/safespace/{model}/edit/{own.pk}/", **B)
        assert edit.status_code == 200 and "site" not in edit.context["form"].fields
        for view in ("edit", "delete", "history", "usage"):
            assert client.get(f"/admin/snippets/safespace/{model}/{view}/{theirs.pk}/", **B).status_code == 404, view
    posted = client.post(f"/admin/snippets/safespace/footer/edit/{footer_a.pk}/", {"text": "Presa"}, **B)
    assert posted.status_code == 404
    footer_a.refresh_from_db()
    assert "nou" in footer_a.text
    # A second Catalan footer for the same space is refused by the form, not by the database.
    added = client.post("/admin/snippets/safespace/footer/add/?locale=ca", {
        "text": '{"blocks": [], "entityMap": {}}', "emergency_numbers-count": "0", "links-count": "0"}, **B)
    assert added.status_code == 200 and added.context["form"].non_field_errors()
    assert Footer.objects.filter(site=second_space, locale=ca).count() == 1


def test_a_language_added_later_shows_the_spaces_menu_and_footer_until_translated(home, client, locales, settings):
    """A space that starts in Catalan only and later publishes Spanish (its home page translated):
    its Spanish pages show its Catalan menu and footer, emergency numbers included, until its staff
    translate them; then the translation; never another space's."""
    from safespace.models import Footer, MainMenu

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "tres.test"]
    third = space_create(name="Espai Tres", hostname="tres.test", languages=["ca"])
    ca, es, tres = locales[settings.LANGUAGE_CODE], locales["es"], {"HTTP_HOST": "tres.test"}
    Footer.objects.create(site=home.get_site(), locale=es, emergency_numbers=[("number", {"label": "Lila", "number": "016"})])
    footer = Footer.objects.get(site=third, locale=ca)
    footer.emergency_numbers = [("number", {"label": "Guàrdia Tres", "number": "+34 930 00 00 13"})]
    footer.save()
    menu = MainMenu.objects.get(site=third, locale=ca)
    menu.items = [("link", {"page": third.root_page, "url": "", "label": "Inici Tres"})]
    menu.save()
    assert not Footer.objects.filter(site=third, locale=es).exists()
    third.root_page.specific.copy_for_translation(es).save_revision().publish()

    page = client.get("/es/", **tres).content.decode()
    assert 'href="tel:+34930000013"' in page and ">Inici Tres</a>" in page
    assert 'href="tel:016"' not in page
    translated = footer.copy_for_translation(es)
    translated.emergency_numbers = [("number", {"label": "Guardia Tres", "number": "+34 930 00 00 31"})]
    translated.save()
    page = client.get("/es/", **tres).content.decode()
    assert 'href="tel:+34930000031"' in page and 'href="tel:+34930000013"' not in page


def test_wagtail_localize_keeps_a_translated_footer_in_its_space(second_space, locales):
    """The space key is synchronised (wagtail-localize copies a key to a model that is not translatable)."""
    from wagtail_localize.fields import SynchronizedField, get_translatable_fields
    from wagtail_localize.models import TranslationSource

    from safespace.models import Footer, MainMenu

    for model in (MainMenu, Footer):
        assert any(isinstance(field, SynchronizedField) and field.field_name == "site"
                   for field in get_translatable_fields(model)), model
    footer = Footer.objects.get(site=second_space, locale=locales[settings.LANGUAGE_CODE])
    footer.emergency_numbers = [("number", {"label": "Guàrdia Violeta", "number": "+34 930 00 00 12"})]
    footer.save()
    Footer.objects.filter(site=second_space, locale=locales["es"]).delete()
    source, _created = TranslationSource.get_or_create_from_instance(footer)
    translated, created = source.create_or_update_translation(locales["es"], fallback=True)
    assert created and translated.site == second_space
    assert translated.emergency_numbers[0].value["number"] == "+34 930 00 00 12"


def roles_network_group():
    from django.contrib.auth.models import Group

    return Group.objects.get(name=roles.NETWORK_ADMINISTRATORS)


def test_a_screen_may_not_show_another_spaces_rooms(two_agendas, client, second_space, superuser, locales):
    room_a = Room.objects.create(name="Sala Lila", slug="sala-lila", locale=locales[settings.LANGUAGE_CODE])
    client.force_login(superuser)
    response = client.post("/admin/snippets/screen/screen/add/", {
        "site": second_space.pk, "name": "Mixed", "rooms": [room_a.pk], "languages": ["ca"], "rotate_seconds": 20,
        "orientation": "landscape", "days_ahead": 3, "refresh_seconds": 60,
    }, **A)
    assert response.status_code == 200
    with translation.override(settings.LANGUAGE_CODE):  # the admin speaks the default language here
        assert gettext("Choose only what belongs to the same space.") in response.content.decode()
    assert not Screen.objects.filter(name="Mixed").exists()


def test_space_staff_edit_their_own_spaces_pages_only(two_agendas, second_space):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    lila, violeta, agenda_b = two_agendas
    facilitator_b = _staff(second_space, roles.FACILITATORS, "fac-b")
    comms_b = _staff(second_space, roles.COMMUNICATIONS, "comms-b")
    policy = PagePermissionPolicy()
    for user in (facilitator_b, comms_b):
        assert violeta.permissions_for_user(user).can_edit(), user
        assert not lila.permissions_for_user(user).can_edit(), user
        assert not lila.get_parent().permissions_for_user(user).can_add_subpage(), user
    assert agenda_b.permissions_for_user(facilitator_b).can_add_subpage()
    # The default space's groups no longer reach the second space's tree.
    facilitator_a = UserFactory(username="fac-a", is_staff=False)
    facilitator_a.groups.add(space_group(site_id=lila.get_site().pk, role=roles.FACILITATORS))
    assert lila.permissions_for_user(facilitator_a).can_edit()
    assert not violeta.permissions_for_user(facilitator_a).can_edit()
    assert not policy.user_has_permission_for_instance(facilitator_a, "change", violeta)


def test_the_space_of_a_page(two_agendas, second_space, home):
    lila, violeta, agenda_b = two_agendas
    assert spaces.space_id_for_path(violeta.path) == second_space.pk
    assert spaces.space_id_for_path(lila.path) == home.get_site().pk
    es_home = home.get_translations().get(locale__language_code="es")
    assert spaces.space_id_for_path(es_home.path) == home.get_site().pk


def test_space_administrators_manage_their_own_spaces_staff_only(second_space, home, client):
    from django.contrib.auth.models import Group

    default_site = home.get_site()
    admin_b = _staff(second_space, roles.ADMINISTRATORS, "admin-b")
    facilitator_b = _staff(second_space, roles.FACILITATORS, "fac-b")
    counter_a = _staff(default_site, roles.COUNTERS, "counter-a")
    client.force_login(admin_b)
    listing = client.get("/admin/users/", **B).content.decode()
    assert "fac-b" in listing and "counter-a" not in listing
    assert client.get(f"/admin/users/edit/{facilitator_b.pk}/", **B).status_code == 200
    # A's counter holds no right that B's administrator lacks, yet is out of reach: another space.
    for view in ("edit", "delete"):
        assert client.get(f"/admin/users/{view}/{counter_a.pk}/", **B).status_code == 404, view
    own_group = space_group(site_id=second_space.pk, role=roles.FACILITATORS)
    other_group = space_group(site_id=default_site.pk, role=roles.COUNTERS)
    assert client.get(f"/admin/groups/edit/{own_group.pk}/", **B).status_code == 200
    assert client.get(f"/admin/groups/edit/{other_group.pk}/", **B).status_code == 404
    # The roles offered on B's administrator's user forms are B's groups only.
    from safespace.staff import grantable_groups

    offered = set(grantable_groups(admin_b))
    assert own_group in offered and other_group not in offered
    assert offered <= set(Group.objects.filter(space__site=second_space))


def test_a_space_publishes_in_its_own_languages(two_agendas, client, second_space):
    from safespace.models import SiteSettings

    space_settings = SiteSettings.for_site(second_space)
    space_settings.languages = ["ca", "es"]
    space_settings.save()
    assert client.get("/en/", **B).status_code == 404
    assert client.get("/es/", **B).status_code == 200
    assert client.get("/en/", **A).status_code == 200
    page_b = client.get("/ca/", **B).content.decode()
    assert 'hreflang="es"' in page_b or 'lang="es"' in page_b
    assert 'hreflang="en"' not in page_b and 'lang="en"' not in page_b


def test_search_finds_the_spaces_pages_and_the_library_it_points_to(second_space, home, client, locales):
    from resources.models import ResourceIndexPage, ResourcePage
    from safespace.models import SiteSettings, StandardPage

    for parent, title in ((home, "Taller lila de collage"), (second_space.root_page, "Taller violeta de collage")):
        page = StandardPage(title=title, slug=title.split()[1], intro="collage")
        parent.add_child(instance=page)
        page.save_revision().publish()
    library = ResourceIndexPage(title="Recursos", slug="recursos", intro="<p>.</p>")
    home.add_child(instance=library)
    library.save_revision().publish()
    resource = ResourcePage(title="Guia de collage", slug="guia", summary="collage", last_reviewed_by="Equip",
                            last_reviewed_on=dt.date.today())
    library.add_child(instance=resource)
    resource.save_revision().publish()

    def found(headers):
        return {p.title for p in client.get("/ca/search/", {"q": "collage"}, **headers).context["results"]}

    assert found(A) == {"Taller lila de collage", "Guia de collage"}
    assert found(B) == {"Taller violeta de collage"}
    # The network shares Espai Lila's library: Espai Violeta points to it.
    space_settings = SiteSettings.for_site(second_space)
    space_settings.library = library
    space_settings.save()
    assert found(B) == {"Taller violeta de collage", "Guia de collage"}


def test_another_spaces_staff_are_refused_its_admin(second_space, home, client):
    """The plugins' admin views read the address's space: staff of B at A's address get a 403 (SpaceAdminMiddleware)."""
    counter_b = _staff(second_space, roles.COUNTERS, "counter-b")
    client.force_login(counter_b)
    assert client.get("/admin/", **B).status_code == 200
    for path in ("/admin/", "/admin/servicecounts/", "/admin/participant-data/", "/admin/pages/"):
        assert client.get(path, **A).status_code == 403, path
    # The 403 says whose administration this is and where the user's own is; signing out is one button.
    refused = client.get("/admin/", **A).content.decode()
    here = home.get_site()
    assert (here.site_name or here.hostname) in refused.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert f'href="http://{SECOND_HOST}/admin/">Espai Violeta</a>' in refused
    assert 'action="/admin/logout/"' in refused and "csrfmiddlewaretoken" in refused
    assert client.get("/admin/login/", **A).status_code in (200, 302)  # signing in and out stays open
    network = UserFactory(username="net", is_staff=False)
    network.groups.add(roles_network_group())
    client.force_login(network)
    assert client.get("/admin/", **A).status_code == 200


def test_each_spaces_communications_review_its_own_pages_only(second_space, home):
    """The second-person review (safespace.models.SecondPersonApprovalTask) runs per space:
    a space's Communications approve its pages, never another space's, nor see them waiting."""
    from safespace.models import StandardPage

    writer_b = _staff(second_space, roles.COMMUNICATIONS, "writer-b")
    reviewer_b = _staff(second_space, roles.COMMUNICATIONS, "reviewer-b")
    reviewer_a = _staff(home.get_site(), roles.COMMUNICATIONS, "reviewer-a")
    page = StandardPage(title="Taller violeta", slug="taller-violeta", live=False, owner=writer_b)
    second_space.root_page.add_child(instance=page)
    page.save_revision(user=writer_b)
    page.get_workflow().start(page, writer_b)
    page = Page.objects.get(pk=page.pk).specific
    task = page.current_workflow_task.specific
    state = page.current_workflow_task_state

    assert "approve" in [name for name, _label, _modal in task.get_actions(page, reviewer_b)]
    assert state in task.get_task_states_user_can_moderate(reviewer_b)
    assert task.user_can_access_editor(page, reviewer_b) and not task.locked_for_user(page, reviewer_b)
    assert task.get_actions(page, reviewer_a) == []
    assert state not in task.get_task_states_user_can_moderate(reviewer_a)
    assert not task.user_can_access_editor(page, reviewer_a) and task.locked_for_user(page, reviewer_a)
