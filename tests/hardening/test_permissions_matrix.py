"""Every URL of our own code, for every role: allowed, denied, or 404.

MATRIX lists each URL name our apps and plugins define. A view added without
an entry here fails ``test_every_url_of_ours_is_in_the_matrix``; an entry says
which roles may use it, and ``test_matrix`` checks each role against it with
the demo site loaded, every plugin on. ``test_plugins_off`` checks that every
plugin URL answers 404 for everyone while its plugin is switched off.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from safespace import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUR_MODULES = ("safespace", "agenda", "resources", "plugins", "screen")
ANON, FAC, COMMS, COUNT, ADMINS, SUPER = "anonymous", "facilitator", "communications", "counter", "administrator", "superuser"
ROLES = (ANON, FAC, COMMS, COUNT, ADMINS, SUPER)
STAFF = {FAC, COMMS, COUNT, ADMINS, SUPER}
EVERYONE = set(ROLES)

# name -> (roles allowed, plugin label or None). Allowed roles get 200 (or the
# status in SPECIAL); the others are sent to the login page or refused.
MATRIX = {
    # Public
    "healthz": (EVERYONE, None),
    "wagtailadmin_password_reset": (EVERYONE, None),  # Wagtail's, rate-limited (safespace/throttling.py)
    "agenda_feed": (EVERYONE, None),
    "agenda_feed_category": (EVERYONE, None),
    "agenda_feed_activity": (EVERYONE, None),
    "agenda_api_occurrences": (EVERYONE, None),
    "resources_robots": (EVERYONE, None),
    "resources_sitemap": (EVERYONE, None),
    "resources:search": (EVERYONE, None),
    "screen:show": (EVERYONE, None),
    "screen:data": (EVERYONE, None),
    "screen:qr": (EVERYONE, None),
    "screen:sw": (EVERYONE, None),
    "plugins:enrollment:enrol": (EVERYONE, "enrollment"),
    "plugins:enrollment:enrol_series": (EVERYONE, "enrollment"),
    "plugins:enrollment:cancel": (EVERYONE, "enrollment"),
    "plugins:enrollment:mine": (EVERYONE, "enrollment"),  # whoever holds the token, signed in or not
    "plugins:enrollment:mine_calendar": (EVERYONE, "enrollment"),
    "plugins:enrollment:mine_forget": (EVERYONE, "enrollment"),
    # Admin, every staff member
    "safespace_2fa:setup": (STAFF, None),
    "safespace_2fa:verify": (STAFF, None),
    "safespace_2fa:recovery": (STAFF, None),
    # Admin, by role
    "safespace_participant_data": ({ADMINS, SUPER}, None),
    "resources_admin:due_for_review": ({FAC, COMMS, ADMINS, SUPER}, None),  # page editors
    "resources_admin:due_for_review_results": ({FAC, COMMS, ADMINS, SUPER}, None),  # page editors
    "resources_admin:translation_status": ({FAC, COMMS, ADMINS, SUPER}, None),  # page editors
    "resources_admin:translation_status_results": ({FAC, COMMS, ADMINS, SUPER}, None),  # page editors
    "resources_admin:mark_reviewed": ({COMMS, ADMINS, SUPER}, None),  # who may edit the resource; POST only
    "resources_update_translations": ({COMMS, ADMINS, SUPER}, None),  # wagtail-localize's sync, behind review
    "enrollment_admin:index": ({FAC, ADMINS, SUPER}, "enrollment"),
    "enrollment_offers:add": ({FAC, ADMINS, SUPER}, "enrollment"),  # a ModelViewSet (plugins/enrollment/admin_views.py)
    "enrollment_offers:edit": ({FAC, ADMINS, SUPER}, "enrollment"),
    "enrollment_admin:roster_series": ({FAC, ADMINS, SUPER}, "enrollment"),
    "enrollment_admin:roster": ({FAC, ADMINS, SUPER}, "enrollment"),
    "enrollment_admin:erase_moved": ({ADMINS, SUPER}, "enrollment"),  # old address, now safespace_participant_data
    "attendance_admin:index": ({FAC, ADMINS, SUPER}, "attendance"),
    "attendance_admin:sheet": ({FAC, ADMINS, SUPER}, "attendance"),
    "attendance_admin:reports": ({FAC, ADMINS, SUPER}, "attendance"),
    "attendance_admin:reports_csv": ({FAC, ADMINS, SUPER}, "attendance"),
    "servicecounts_admin:tally": ({COUNT, ADMINS, SUPER}, "servicecounts"),
    "servicecounts_admin:taps": ({COUNT, ADMINS, SUPER}, "servicecounts"),
    "servicecounts_admin:sheet": ({COUNT, ADMINS, SUPER}, "servicecounts"),
    # Indicators: a ModelViewSet (plugins/servicecounts/viewsets.py)
    "servicecounts_indicators:index": ({ADMINS, SUPER}, "servicecounts"),
    "servicecounts_indicators:index_results": ({ADMINS, SUPER}, "servicecounts"),
    "servicecounts_indicators:add": ({ADMINS, SUPER}, "servicecounts"),
    "servicecounts_indicators:edit": ({ADMINS, SUPER}, "servicecounts"),
    "servicecounts_indicators:new_version": ({ADMINS, SUPER}, "servicecounts"),
    "servicecounts_admin:report": ({ADMINS, SUPER}, "servicecounts"),
    # Indicator names, a snippet wagtail-localize translates; its edit view is ours (plugins/servicecounts/texts_admin.py)
    "wagtailsnippets_servicecounts_indicatortext:edit": ({ADMINS, SUPER}, "servicecounts"),
    # The agenda's snippets, listed once in the default language (agenda/wagtail_hooks.py):
    # Facilitators and Administrators manage them (agenda/migrations/0002_roles.py).
    **{
        f"wagtailsnippets_agenda_{model}:{view}": ({FAC, ADMINS, SUPER}, None)
        for model in ("category", "room", "closure")
        for view in ("list", "list_results")
    },
    # The example third-party plugin's page (installed by `make test`).
    "plugins:safespace_hello:index": (EVERYONE, "safespace_hello"),
    "plugins:alerts:push_subscribe": (EVERYONE, "alerts"),
    "plugins:alerts:push_unsubscribe": (EVERYONE, "alerts"),
    "plugins:alerts:push_sw": (EVERYONE, "alerts"),
}
# Statuses other than 200 that mean "allowed".
SPECIAL = {
    "servicecounts_admin:taps": 400,  # POSTed an empty JSON object: a clear 400
    "safespace_2fa:recovery": 302,  # asks to verify with two factors first
    "enrollment_admin:erase_moved": 302,  # to Settings → Participant data, for bookmarks
    "plugins:alerts:push_subscribe": 400,  # POSTed an empty JSON object: a clear 400
    "plugins:alerts:push_unsubscribe": 400,
    "resources_admin:mark_reviewed": 405,  # allowed, but only by POST (tests/resources/test_translation_review.py)
}
POSTED = {"servicecounts_admin:taps", "plugins:alerts:push_subscribe", "plugins:alerts:push_unsubscribe"}

# Wagtail's user management, under our rule (safespace/staff.py): nobody grants
# rights they lack or touches an account with more rights than theirs.
# label -> (URL name, keyword arguments from the demo, roles allowed[, status]).
USER_MANAGEMENT = {
    "account": ("wagtailadmin_account", lambda: {}, STAFF),  # name and e-mail optional
    "sign out by GET": ("wagtailadmin_logout", lambda: {}, STAFF, 405),  # changes nothing
    "users": ("wagtailusers_users:index", lambda: {}, {ADMINS, SUPER}),
    "add user": ("wagtailusers_users:add", lambda: {}, {ADMINS, SUPER}),
    "edit a facilitator": ("wagtailusers_users:edit", lambda: {"pk": _user("facilitator")}, {ADMINS, SUPER}),
    "edit an administrator": ("wagtailusers_users:edit", lambda: {"pk": _user("administrator")}, {ADMINS, SUPER}),
    "edit a superuser": ("wagtailusers_users:edit", lambda: {"pk": _user("admin")}, {SUPER}),
    "delete a facilitator": ("wagtailusers_users:delete", lambda: {"pk": _user("facilitator")}, {SUPER}),
    "delete a superuser": ("wagtailusers_users:delete", lambda: {"pk": _user("admin")}, {SUPER}),
    "groups": ("wagtailusers_groups:index", lambda: {}, {ADMINS, SUPER}),
    "add group": ("wagtailusers_groups:add", lambda: {}, {ADMINS, SUPER}),
    # The lists' results, scoped to the editor's spaces (safespace/staff.py, safespace/space_admin.py).
    "users results": ("wagtailusers_users:index_results", lambda: {}, {ADMINS, SUPER}),
    "groups results": ("wagtailusers_groups:index_results", lambda: {}, {ADMINS, SUPER}),
    "edit group Facilitators": ("wagtailusers_groups:edit", lambda: {"pk": _group(roles.FACILITATORS)}, {ADMINS, SUPER}),
    "edit group Administrators": ("wagtailusers_groups:edit", lambda: {"pk": _group(roles.ADMINISTRATORS)}, {ADMINS, SUPER}),
    "delete group": ("wagtailusers_groups:delete", lambda: {"pk": _group(roles.FACILITATORS)}, {SUPER}),
}


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username).pk


def _group(name):
    from django.contrib.auth.models import Group

    return Group.objects.get(name=name).pk
UNNAMED = {"favicon.ico"}


def our_url_names():
    names, unnamed = set(), set()

    def walk(patterns, namespace="", prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                module = getattr(pattern.callback, "__module__", "") or ""
                if module.split(".")[0] in OUR_MODULES + ("safespace_hello",):
                    if pattern.name:
                        names.add(namespace + pattern.name)
                    else:
                        unnamed.add(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns)
    return names, unnamed


def test_every_url_of_ours_is_in_the_matrix():
    names, unnamed = our_url_names()
    user_management = {name for name, *_rest in USER_MANAGEMENT.values()}
    assert names - set(MATRIX) - user_management == set(), "Add these URLs to MATRIX with who may use them"
    assert set(MATRIX) - names == set(), "MATRIX lists URLs that no longer exist"
    assert unnamed <= UNNAMED


@pytest.fixture
def demo(site):
    call_command("load_demo_data", stdout=StringIO())
    from plugins.models import SitePlugins

    setting = SitePlugins.for_site(site)
    setting.enabled = ["alerts", "attendance", "enrollment", "safespace_hello", "servicecounts"]
    setting.save()
    return samples()


def samples() -> dict[str, dict]:
    """Keyword arguments for each URL that takes some, from the demo content."""
    from agenda.models import ActivityPage, Category
    from agenda.selectors import activity_upcoming
    from plugins.enrollment.models import Enrollment, Mode, Offer
    from plugins.servicecounts.models import Indicator
    from screen.models import Screen

    offer = Offer.objects.filter(mode=Mode.OCCURRENCE).first()
    series = Offer.objects.filter(mode=Mode.SERIES).first()
    activity = ActivityPage.objects.get(translation_key=offer.activity_key, locale__language_code="ca")
    series_activity = ActivityPage.objects.get(translation_key=series.activity_key, locale__language_code="ca")
    session = next(occ for occ in activity_upcoming(page=activity, limit=8) if not occ.cancelled)
    screen = Screen.objects.first()
    indicator = Indicator.objects.first()
    from resources.models import ResourcePage
    from wagtail_localize.models import TranslationSource

    resource = ResourcePage.objects.filter(locale__language_code="ca").first()
    from wagtail.models import Site

    from plugins.enrollment.services import private_link_replace

    mine = {"token": private_link_replace(site=Site.objects.get(is_default_site=True), code=Enrollment.objects.first().code)}
    source, _created = TranslationSource.get_or_create_from_instance(resource)
    return {
        "resources_admin:mark_reviewed": {"page_id": resource.pk},
        "resources_update_translations": {"translation_source_id": source.pk},
        "agenda_feed_category": {"slug": Category.objects.first().slug},
        "agenda_feed_activity": {"page_id": activity.pk},
        "screen:show": {"token": screen.token},
        "screen:data": {"token": screen.token},
        "screen:qr": {"token": screen.token, "language": "ca"},
        "screen:sw": {"token": screen.token},
        "plugins:enrollment:enrol": {"page_id": activity.pk, "stamp": session.stamp},
        "plugins:enrollment:enrol_series": {"page_id": series_activity.pk},
        "plugins:enrollment:cancel": {"token": Enrollment.objects.first().token},
        "plugins:enrollment:mine": mine,
        "plugins:enrollment:mine_calendar": mine,
        "plugins:enrollment:mine_forget": mine,
        "enrollment_offers:edit": {"pk": offer.pk},
        "enrollment_admin:roster_series": {"offer_id": series.pk},
        "enrollment_admin:roster": {"offer_id": offer.pk, "stamp": session.stamp},
        "attendance_admin:sheet": {"activity_id": activity.pk, "stamp": session.stamp},
        "servicecounts_indicators:edit": {"pk": indicator.pk},
        "servicecounts_indicators:new_version": {"pk": indicator.pk},
        "wagtailsnippets_servicecounts_indicatortext:edit": {"pk": next(iter(indicator.texts().values())).pk},
    }


QUERY = {
    "agenda_api_occurrences": lambda: f"?start={timezone.localdate()}&end={timezone.localdate() + dt.timedelta(days=7)}",
}


def url_for(name, kwargs):
    return reverse(name, kwargs=kwargs.get(name)) + QUERY.get(name, lambda: "")()


def client_for(client, role):
    client.logout()
    if role == ANON:
        return client
    if role == SUPER:
        user = UserFactory(username=f"matrix-{role}", is_superuser=True, is_staff=True)
    else:
        group = {FAC: roles.FACILITATORS, COMMS: roles.COMMUNICATIONS, COUNT: roles.COUNTERS, ADMINS: roles.ADMINISTRATORS}[role]
        user = UserFactory(username=f"matrix-{role}", groups=[group])
    client.force_login(user)
    return client


def denied(response, url) -> bool:
    if response.status_code == 403:
        return True
    if response.status_code == 302:
        location = response["Location"]
        return "/login/" in location or location.rstrip("/").endswith("/admin")
    return False


def test_matrix(client, home, demo):
    failures = []
    for role in ROLES:
        c = client_for(client, role)
        for name, (allowed, _plugin) in sorted(MATRIX.items()):
            url = url_for(name, demo)
            if name in POSTED:
                response = c.post(url, data="{}", content_type="application/json")
            else:
                response = c.get(url)
            expected = SPECIAL.get(name, 200)
            if role in allowed:
                if response.status_code != expected:
                    failures.append(f"{role} {url}: {response.status_code}, expected {expected}")
            elif not denied(response, url):
                failures.append(f"{role} {url}: {response.status_code}, expected a refusal")
        for label, (name, kwargs, allowed, *status) in USER_MANAGEMENT.items():
            response = c.get(reverse(name, kwargs=kwargs()))
            expected = status[0] if status else 200
            if role in allowed and response.status_code != expected:
                failures.append(f"{role} {label}: {response.status_code}, expected {expected}")
            elif role not in allowed and not denied(response, label):
                failures.append(f"{role} {label}: {response.status_code}, expected a refusal")
    assert failures == [], "\n".join(failures)


def test_plugins_off(client, home, demo, site):
    from plugins.models import SitePlugins

    switches = SitePlugins.for_site(site)
    switches.enabled = []
    switches.save()
    failures = []
    for role in (ANON, FAC, SUPER):
        c = client_for(client, role)
        for name, (_allowed, plugin) in sorted(MATRIX.items()):
            if plugin is None:
                continue
            url = url_for(name, demo)
            status = c.get(url).status_code
            if status != 404:
                failures.append(f"{role} {url}: {status}, expected 404 with the plugin off")
    assert failures == [], "\n".join(failures)
