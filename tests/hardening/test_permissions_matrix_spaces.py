"""The permissions matrix, space by space (safespace/spaces.py).

With the demo's two spaces loaded (Espai Lila at the default host, Espai
Violeta at the other), each role of one space, and anonymous visitors at
its address, try every host URL that names something of the other space:
admin views of its rooms, closures, screens, announcements, main menu,
footer, pages, staff and groups, and its public screens and activity feeds. Every answer must
be a refusal or a 404, never the object. The same roles reach their own
space's objects (so the refusals are not a broken admin).

Plugins' URLs (sign-ups, attendance, tallies) are scoped through the plugin
API and checked by the plugins' own tests.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from safespace import roles
from safespace.demo import second_space
from safespace.services import space_group
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = (roles.FACILITATORS, roles.COMMUNICATIONS, roles.COUNTERS, roles.ADMINISTRATORS)
SNIPPETS = {
    "agenda_room": "wagtailsnippets_agenda_room",
    "agenda_closure": "wagtailsnippets_agenda_closure",
    "screen": "wagtailsnippets_screen_screen",
    "announcement": "wagtailsnippets_screen_announcement",
    "main_menu": "wagtailsnippets_safespace_mainmenu",
    "footer": "wagtailsnippets_safespace_footer",
}
SNIPPET_VIEWS = ("edit", "delete", "history", "usage")


@pytest.fixture
def spaces(site):
    call_command("load_demo_data", stdout=StringIO())
    site.refresh_from_db()
    return {"lila": site, "violeta": second_space()}


def host(site) -> dict:
    return {"HTTP_HOST": site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"}


def objects_of(space) -> dict:
    """One of each kind of thing that belongs to ``space``."""
    from agenda.models import ActivityPage, Closure, Room
    from screen.models import Announcement, Screen
    from safespace import spaces as spaces_module
    from safespace.models import Footer, MainMenu

    def first_of(model):
        return model.objects.filter(site=space, locale__language_code="ca").first() if hasattr(model, "locale") else (
            model.objects.filter(site=space).first())

    closure = first_of(Closure)
    if closure is None:
        from django.conf import settings
        from wagtail.models import Locale

        closure = Closure.objects.create(site=space, start_date="2030-01-01", end_date="2030-01-02",
                                         locale=Locale.objects.get(language_code=settings.LANGUAGE_CODE))
    announcement = first_of(Announcement)
    if announcement is None:
        from django.conf import settings
        from django.utils import timezone
        from wagtail.models import Locale

        announcement = Announcement.objects.create(
            site=space, title="Avís", starts_at=timezone.now(), ends_at=timezone.now() + timezone.timedelta(days=1),
            locale=Locale.objects.get(language_code=settings.LANGUAGE_CODE))
    activity = next(p for p in ActivityPage.objects.live().filter(locale__language_code="ca")
                    if spaces_module.space_id_for_path(p.path) == space.pk)
    return {
        "agenda_room": first_of(Room), "agenda_closure": closure, "screen": first_of(Screen),
        "announcement": announcement, "activity": activity, "home": space.root_page,
        "main_menu": first_of(MainMenu), "footer": first_of(Footer),
    }


def admin_urls(objects, space) -> dict[str, str]:
    urls = {}
    for key, prefix in SNIPPETS.items():
        for view in SNIPPET_VIEWS:
            urls[f"{key} {view}"] = reverse(f"{prefix}:{view}", args=[objects[key].pk])
    for key in ("activity", "home"):
        urls[f"{key} edit"] = reverse("wagtailadmin_pages:edit", args=[objects[key].pk])
        urls[f"{key} add child"] = reverse("wagtailadmin_pages:add_subpage", args=[objects[key].pk])
        urls[f"{key} delete"] = reverse("wagtailadmin_pages:delete", args=[objects[key].pk])
    for role in ROLES:
        group = space_group(site_id=space.pk, role=role)
        urls[f"group {role} edit"] = reverse("wagtailusers_groups:edit", args=[group.pk])
        member = group.user_set.first()
        if member is not None:
            urls[f"user {member.username} edit"] = reverse("wagtailusers_users:edit", args=[member.pk])
            urls[f"user {member.username} delete"] = reverse("wagtailusers_users:delete", args=[member.pk])
    urls["settings"] = reverse("wagtailsettings:edit", args=["safespace", "sitesettings", space.pk])
    urls["plugin switches"] = reverse("wagtailsettings:edit", args=["plugins", "siteplugins", space.pk])
    return urls


def public_urls(objects) -> dict[str, str]:
    token = objects["screen"].token
    return {
        "screen": reverse("screen:show", args=[token]),
        "screen data": reverse("screen:data", args=[token]),
        "screen qr": reverse("screen:qr", args=[token, "ca"]),
        "screen worker": reverse("screen:sw", args=[token]),
        "activity feed": reverse("agenda_feed_activity", args=[objects["activity"].pk]),
    }


def refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        location = response["Location"]
        return "/login/" in location or location.rstrip("/").endswith("/admin")
    return False


def staff_of(space, role, name):
    user = UserFactory(username=f"matrix-{name}", is_staff=False)
    user.groups.add(space_group(site_id=space.pk, role=role))
    return user


def test_no_role_of_one_space_reaches_the_other(client, home, spaces):
    failures, reached = [], []
    pairs = (("lila", "violeta"), ("violeta", "lila"))
    for mine, theirs in pairs:
        own, other = spaces[mine], spaces[theirs]
        other_objects, own_objects = objects_of(other), objects_of(own)
        for role in ROLES:
            client.force_login(staff_of(own, role, f"{mine}-{role}"))
            for label, url in admin_urls(other_objects, other).items():
                for where in (own, other):  # from either address: the user's spaces decide, not the host
                    response = client.get(url, **host(where))
                    if not refused(response):
                        failures.append(f"{mine} {role} at {where.hostname}: {label} {url} → {response.status_code}")
            # Their own space's things stay within reach (the refusals above are not a broken admin).
            if role == roles.ADMINISTRATORS:
                for label in ("agenda_room edit", "screen edit", "announcement edit", "home edit", "settings",
                              "main_menu edit", "footer edit"):
                    url = admin_urls(own_objects, own)[label]
                    if client.get(url, **host(own)).status_code == 200:
                        reached.append((mine, label))
            client.logout()
        for label, url in public_urls(other_objects).items():
            response = client.get(url, **host(own))
            if response.status_code != 404:
                failures.append(f"anonymous at {own.hostname}: {theirs}'s {label} {url} → {response.status_code}")
            if client.get(url, **host(other)).status_code != 200:
                failures.append(f"anonymous at {other.hostname}: {theirs}'s own {label} {url} is not served")
    assert failures == [], "\n".join(failures)
    assert len(reached) == 2 * 7, reached


def test_each_spaces_feeds_and_json_hold_its_own_sessions(client, home, spaces):
    import icalendar

    from agenda.models import ActivityPage
    from safespace import spaces as spaces_module

    titles = {name: set() for name in spaces}
    for page in ActivityPage.objects.live().filter(locale__language_code="ca"):
        for name, space in spaces.items():
            if spaces_module.space_id_for_path(page.path) == space.pk:
                titles[name].add(page.title)
    assert titles["lila"] and titles["violeta"] and not titles["lila"] & titles["violeta"]
    for name, space in spaces.items():
        feed = icalendar.Calendar.from_ical(client.get("/feeds/agenda.ics", **host(space)).content)
        assert {str(e["SUMMARY"]) for e in feed.walk("VEVENT")} <= titles[name]
        assert {str(e["SUMMARY"]) for e in feed.walk("VEVENT")}
