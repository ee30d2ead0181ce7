"""The permissions matrix, space by space (safespace/spaces.py).

With the demo's two spaces loaded (Espai Lila at the default host, Espai
Violeta at the other), each role of one space, and anonymous visitors at
its address, try every host URL that names something of the other space:
admin views of its rooms, closures, screens, announcements, main menu,
footer, pages, staff and groups, and its public screens and activity feeds. Every answer must
be a refusal or a 404, never the object. The same roles reach their own
space's objects (so the refusals are not a broken admin).

The plugins' URLs too (PLUGIN_URLS; ``test_every_plugin_url_is_in_the_space_matrix``
fails on a plugin URL that is not listed there): each role of one space, and
anonymous visitors at its address, ask for the other space's offers, sign-ups
and their private links, rosters, attendance sheets, indicators, taps, reports
and their CSV, and the data-rights export of a code that exists only there.
Whatever names the other's thing is refused or a 404 (from either address for
the admin: another space's staff get a 403 there, safespace.middleware.
SpaceAdminMiddleware; from their own for public pages, which at the other's
address are the other's for anyone); whatever lists data shows none of the
other's; a tap on the other's indicator counts nothing. The same roles reach
their own space's things. Scoping itself: plugins/api/sites.py.
"""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

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


# The plugins' URLs, per space. Each URL name of a plugin (and the data-rights page, which asks
# the plugins) is here, with how to ask it for the other space's things; a new one fails
# ``test_every_plugin_url_is_in_the_space_matrix`` until it is added.
# name -> (kind, keyword arguments from the other space's things, query or POST data).
# "object": names the other space's thing, refused or 404 for every role and anonymous visitors;
# "data": names nothing, answers with the request's space's data, never with the other's;
# "none": names nothing and returns no space's data (the push service worker, subscriptions).
PLUGIN_URLS = {
    "enrollment_admin:index": ("data", None, None),
    "enrollment_offers:add": ("data", None, lambda o: f"?activity={o['offer_activity'].pk}"),
    "enrollment_offers:edit": ("object", lambda o: {"pk": o["offer"].pk}, None),
    "enrollment_admin:roster": ("object", lambda o: {"offer_id": o["offer"].pk, "stamp": o["stamp"]}, None),
    "enrollment_admin:roster_series": ("object", lambda o: {"offer_id": o["series"].pk}, None),
    "enrollment_admin:erase_moved": ("none", None, None),  # a redirect to the data-rights page
    "plugins:enrollment:enrol": ("object", lambda o: {"page_id": o["offer_activity"].pk, "stamp": o["stamp"]}, None),
    "plugins:enrollment:enrol_series": ("object", lambda o: {"page_id": o["series_activity"].pk}, None),
    "plugins:enrollment:cancel": ("object", lambda o: {"token": o["enrollment"].token}, None),
    "plugins:enrollment:mine": ("object", lambda o: {"token": o["mine"]}, None),
    "plugins:enrollment:mine_calendar": ("object", lambda o: {"token": o["mine"]}, None),
    "plugins:enrollment:mine_forget": ("object", lambda o: {"token": o["mine"]}, None),
    "attendance_admin:index": ("data", None, None),
    "attendance_admin:sheet": ("object", lambda o: {"activity_id": o["offer_activity"].pk, "stamp": o["stamp"]}, None),
    "attendance_admin:reports": ("data", None, lambda o: f"?group=activity&start={o['start']}&end={o['end']}"),
    "attendance_admin:reports_csv": ("data", None, lambda o: f"?group=activity&start={o['start']}&end={o['end']}"),
    "servicecounts_admin:tally": ("data", None, None),
    "servicecounts_admin:taps": ("object", None, lambda o: {"indicator": o["indicator"].pk, "delta": 1,
                                                           "id": "8a6e0f5c-1c1e-4c6b-9d1e-0b1c2d3e4f50"}),
    "servicecounts_admin:sheet": ("data", None, None),
    "servicecounts_admin:report": ("data", None, lambda o: f"?format=csv&grain=year&start={o['start']}&end={o['end']}"),
    "servicecounts_indicators:index": ("data", None, None),
    "servicecounts_indicators:index_results": ("data", None, None),
    "servicecounts_indicators:add": ("none", None, None),
    "servicecounts_indicators:edit": ("object", lambda o: {"pk": o["indicator"].pk}, None),
    "servicecounts_indicators:new_version": ("object", lambda o: {"pk": o["indicator"].pk}, None),
    "wagtailsnippets_servicecounts_indicatortext:edit": ("object", lambda o: {"pk": next(iter(o["indicator"].texts().values())).pk}, None),
    "plugins:alerts:push_subscribe": ("none", None, None),
    "plugins:alerts:push_unsubscribe": ("none", None, None),
    "plugins:alerts:push_sw": ("none", None, None),
    "safespace_participant_data": ("object", None, lambda o: {"code": o["code"], "action": "export"}),
}
POSTED_JSON = {"servicecounts_admin:taps"}
POSTED_FORM = {"safespace_participant_data"}
PLUGIN_LABELS = ("alerts", "attendance", "enrollment", "servicecounts")


def plugin_url_names() -> set[str]:
    """Every URL of a built-in plugin (the example plugin has no data), and the data-rights page."""
    from tests.hardening.test_permissions_matrix import MATRIX

    return {name for name, (_roles, plugin) in MATRIX.items() if plugin in PLUGIN_LABELS} | {"safespace_participant_data"}


def test_every_plugin_url_is_in_the_space_matrix():
    assert plugin_url_names() - set(PLUGIN_URLS) == set(), "Add these plugin URLs to PLUGIN_URLS (per space)"
    assert set(PLUGIN_URLS) - plugin_url_names() == set(), "PLUGIN_URLS lists URLs that no longer exist"


def plugin_data_give(space) -> None:
    """The demo gives the plugins' data to the default space only: give ``space`` some of its own."""
    from agenda.models import ActivityPage
    from agenda.selectors import activity_upcoming
    from agenda.services import occurrence_persist
    from plugins.api import sites
    from plugins.enrollment import services as enrollment
    from plugins.enrollment.models import Mode, Offer
    from plugins.servicecounts import services as servicecounts
    from safespace import spaces as spaces_module

    activities = [p for p in ActivityPage.objects.live().filter(locale__language_code="ca")
                  if spaces_module.space_id_for_path(p.path) == space.pk and activity_upcoming(page=p, limit=1)]
    with sites.scope(space):
        for activity, mode in zip(activities, (Mode.OCCURRENCE, Mode.SERIES), strict=False):
            offer = Offer(activity_key=activity.translation_key, mode=mode)
            offer.capacity = 10
            enrollment.offer_save(offer=offer)
            session = activity_upcoming(page=activity, limit=1)[0]
            row = None if mode == Mode.SERIES else occurrence_persist(event=session.event, original_start=session.original_start)
            enrollment.enrollment_create(offer=offer, occurrence=row, session_start=session.start,
                                         session_end=session.end, code=f"violeta-only-{mode}", by_staff=True)
        indicator = servicecounts.indicator_create(
            name={"ca": "Gots d'aigua del Violeta", "en": "Violeta's glasses of water"}, unit={"ca": "gots", "en": "glasses"},
            category="other", publishable=False, agreed="assemblea", description={"ca": "", "en": ""},
            active_from=dt.date(2020, 1, 1), active_until=None, order=10)
        servicecounts.count_add(indicator_id=indicator.pk, hour=servicecounts.hour_bucket(timezone.now() - dt.timedelta(days=3)),
                                delta=3)


def plugin_objects_of(space, other) -> dict:
    """One of each plugin's things of ``space``, and the words that would betray its data elsewhere."""
    from agenda.models import ActivityPage
    from agenda.selectors import activity_upcoming
    from plugins.enrollment.models import Enrollment, Mode, Offer
    from plugins.enrollment.services import private_link_replace
    from plugins.servicecounts.models import Indicator
    from safespace import spaces as spaces_module

    def activity_of(offer):
        return ActivityPage.objects.get(translation_key=offer.activity_key, locale__language_code="ca")

    def words(site):
        titles = {p.title for p in ActivityPage.objects.live().filter(locale__language_code="ca")
                  if spaces_module.space_id_for_path(p.path) == site.pk}
        return titles | {str(i) for i in Indicator.objects.for_site(site)}

    offer = Offer.objects.for_site(space).filter(mode=Mode.OCCURRENCE).first()
    series = Offer.objects.for_site(space).filter(mode=Mode.SERIES).first()
    activity = activity_of(offer)
    session = next(occ for occ in activity_upcoming(page=activity, limit=8) if not occ.cancelled)
    other_codes = set(Enrollment.objects.for_site(other).values_list("code", flat=True))
    enrollment = Enrollment.objects.for_site(space).exclude(code__in=other_codes).first()
    today = dt.date.today()
    return {
        "offer": offer, "series": series, "offer_activity": activity, "series_activity": activity_of(series),
        "stamp": session.stamp, "enrollment": enrollment, "code": enrollment.code,
        "mine": private_link_replace(site=space, code=enrollment.code),
        "indicator": Indicator.objects.for_site(space).first(),
        "start": today.replace(year=today.year - 2).isoformat(), "end": (today + dt.timedelta(days=400)).isoformat(),
        "words": words(space) - words(other) - {""},
    }


def plugin_request(client, name, objects, where):
    from django.core.cache import cache

    if name.startswith("plugins:enrollment:mine"):
        cache.clear()  # its misses are rate-limited per connection: each request here is one visitor's
    _kind, kwargs, extra = PLUGIN_URLS[name]
    url = reverse(name, kwargs=kwargs(objects) if kwargs else None)
    if name in POSTED_JSON:
        return url, client.post(url, data=json.dumps(extra(objects)), content_type="application/json", **host(where))
    if name in POSTED_FORM:
        return url, client.post(url, data=extra(objects), **host(where))
    return url + (extra(objects) if extra else ""), client.get(url + (extra(objects) if extra else ""), **host(where))


def test_no_role_of_one_space_reaches_the_others_plugin_data(client, home, spaces):
    """Every plugin URL, for each role of one space and anonymous visitors at its address, with the other's things."""
    from plugins.models import SitePlugins
    from plugins.servicecounts.models import Count

    plugin_data_give(spaces["violeta"])
    for space in spaces.values():
        switches = SitePlugins.for_site(space)
        switches.enabled = list(PLUGIN_LABELS)
        switches.save()
    failures, reached = [], []
    for mine, theirs in (("lila", "violeta"), ("violeta", "lila")):
        own, other = spaces[mine], spaces[theirs]
        other_objects, own_objects = plugin_objects_of(other, own), plugin_objects_of(own, other)
        assert other_objects["words"], "no word of the other space's data to look for"
        counts = Count.objects.for_site(other).count()
        clients = [("anonymous", None, None, (own,))]
        clients += [(f"{mine} {role}", role, staff_of(own, role, f"plugins-{mine}-{role}"), (own, other)) for role in ROLES]
        for who, role, user, addresses in clients:
            client.logout()
            if user is not None:
                client.force_login(user)
            for name, (kind, _kwargs, _extra) in PLUGIN_URLS.items():
                if kind == "none":
                    continue
                # The admin from either address (the user's spaces decide, not the host); a public page from
                # the user's own space's (at the other's address it is the other's page, for anyone).
                for where in addresses if not name.startswith("plugins:") else (own,):
                    url, response = plugin_request(client, name, other_objects, where)
                    body = b"".join(response.streaming_content) if response.streaming else response.content
                    text = body.decode("utf-8", "replace")
                    leaked = sorted(word for word in other_objects["words"] if word in text)
                    if kind == "object" and not refused(response) and not (name in POSTED_JSON and response.status_code == 400) and not (
                            name == "safespace_participant_data" and json.loads(body or b"{}").get("data") == {}):
                        failures.append(f"{who} at {where.hostname}: {theirs}'s {name} {url} → {response.status_code}")
                    elif leaked:
                        failures.append(f"{who} at {where.hostname}: {name} {url} shows {theirs}'s {leaked[:3]}")
            # Their own space's things stay within reach (the refusals above are not a broken admin).
            if role in (None, roles.ADMINISTRATORS):
                for name, (kind, _kwargs, _extra) in PLUGIN_URLS.items():
                    if kind != "object" or name in POSTED_JSON or (user is None) != name.startswith("plugins:"):
                        continue
                    url, response = plugin_request(client, name, own_objects, own)
                    if response.status_code == 200:
                        reached.append((who, name))
                    else:
                        failures.append(f"{who}: its own {name} {url} → {response.status_code}")
        if Count.objects.for_site(other).count() != counts:
            failures.append(f"{mine}'s staff counted a tap on {theirs}'s indicator")
    client.logout()
    assert failures == [], "\n".join(failures)
    owned = [name for name, (kind, _kwargs, _extra) in PLUGIN_URLS.items() if kind == "object" and name not in POSTED_JSON]
    assert len(reached) == 2 * len(owned), reached
