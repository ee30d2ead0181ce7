"""Two spaces on one install: a plugin's views, reports and data rights act on the request's space only."""

import datetime as dt
import json
import uuid

import pytest
from django.utils import timezone
from wagtail.models import Page, Site

from plugins.api import sites
from plugins.enrollment.models import Enrollment, Offer, Status
from plugins.models import SitePlugins
from plugins.servicecounts import services as counts
from plugins.servicecounts.models import Category, Count, Indicator
from safespace import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OTHER = "127.0.0.1"  # the second space's host name; the first is the default site ("testserver" falls back to it)


def switch_on(site, *labels):
    setting = SitePlugins.for_site(site)
    setting.enabled = list(labels)
    setting.save()


@pytest.fixture
def first(site):
    switch_on(site, "servicecounts", "enrollment")
    return site


@pytest.fixture
def second(db):
    root = Page.get_first_root_node().add_child(instance=Page(title="Second space", slug="second-space"))
    other = Site.objects.create(hostname=OTHER, port=80, root_page=root, site_name="Second space")
    switch_on(other, "servicecounts", "enrollment")
    from safespace.services import space_groups_sync

    space_groups_sync(site=other)  # its staff's groups: another space's staff are refused its admin
    return other


def staff(second, role, username, *, also_first=False):
    """A member of the second space's ``role`` (and of the first's with ``also_first``)."""
    from safespace.services import space_group

    user = UserFactory(username=username, groups=[role] if also_first else [])
    user.groups.add(space_group(site_id=second.pk, role=role))
    return user


def indicator(name, site):
    with sites.scope(site):
        return counts.indicator_create(
            name={"en": name}, category=Category.BASIC_NEEDS, agreed="assembly", active_from=dt.date(2020, 1, 1),
            publishable=True,
        )


@pytest.fixture
def counter_client(client):
    client.force_login(UserFactory(username="counter", groups=[roles.COUNTERS]))
    return client


def test_new_rows_take_the_scopes_site_else_the_default_site(first, second):
    assert indicator("Meals", second).site == second
    assert counts.indicator_create(
        name={"en": "Showers"}, category=Category.BASIC_NEEDS, agreed="assembly", active_from=dt.date(2020, 1, 1),
    ).site == first


def test_queries_see_the_scopes_space_only(first, second):
    meals, showers = indicator("Meals", first), indicator("Showers", second)
    counts.tap_record(tap_id=uuid.uuid4(), at=timezone.now(), indicator=meals)
    counts.tap_record(tap_id=uuid.uuid4(), at=timezone.now(), indicator=showers)
    with sites.scope(second):
        assert list(Indicator.objects.all()) == [showers]
        assert [c.indicator_id for c in Count.objects.all()] == [showers.pk]
        assert list(Indicator.objects.for_site(first)) == [meals]  # explicit, whatever the scope
        assert Indicator.objects.unscoped().count() == 2
    assert Indicator.objects.count() == 2  # outside a request (commands, jobs): every space


def test_another_spaces_indicator_is_a_404_and_its_tally_refuses_it(counter_client, first, second):
    meals, showers = indicator("Meals", first), indicator("Showers", second)
    user = staff(second, roles.ADMINISTRATORS, "admin", also_first=True)
    counter_client.force_login(user)
    assert counter_client.get(f"/admin/servicecounts/indicators/edit/{showers.pk}/", HTTP_HOST=OTHER).status_code == 200
    assert counter_client.get(f"/admin/servicecounts/indicators/edit/{meals.pk}/", HTTP_HOST=OTHER).status_code == 404
    assert counter_client.get(f"/admin/servicecounts/indicators/edit/{meals.pk}/").status_code == 200
    listing = counter_client.get("/admin/servicecounts/indicators/", HTTP_HOST=OTHER).content.decode()
    assert "Showers" in listing and "Meals" not in listing
    tally = counter_client.get("/admin/servicecounts/", HTTP_HOST=OTHER).content.decode()
    assert "Showers" in tally and "Meals" not in tally
    refused = counter_client.post("/admin/servicecounts/", {"action": "tap", "tap_id": str(uuid.uuid4()),
                                                             "indicator": str(meals.pk)}, HTTP_HOST=OTHER)
    assert refused.status_code == 400
    assert not Count.objects.filter(indicator=meals).exists()


@pytest.mark.clock
def test_report_export_counts_the_requests_space_only(first, second, client):
    meals, showers = indicator("Meals", first), indicator("Showers", second)
    yesterday = timezone.now() - dt.timedelta(days=1)
    for _i in range(3):
        counts.tap_record(tap_id=uuid.uuid4(), at=yesterday, indicator=meals)
    counts.tap_record(tap_id=uuid.uuid4(), at=yesterday, indicator=showers)
    client.force_login(staff(second, roles.ADMINISTRATORS, "admin"))
    day = timezone.localdate(yesterday).isoformat()
    query = {"start": day, "end": day, "grain": "day", "format": "csv"}
    here = client.get("/admin/servicecounts/report/", query, HTTP_HOST=OTHER)
    assert here.status_code == 200
    text = here.content.decode()
    assert "Showers" in text and "Meals" not in text


def offer_in(site, code_status):
    offer = Offer.objects.unscoped().create(activity_key=uuid.uuid4(), site=site)
    start = timezone.now() + dt.timedelta(days=1)
    for code, status in code_status:
        Enrollment.objects.unscoped().create(offer=offer, code=code, status=status, session_start=start,
                                             session_end=start + dt.timedelta(hours=2))
    return offer


def test_another_spaces_offer_is_a_404(first, second, client):
    theirs = offer_in(first, [("lluna", Status.CONFIRMED)])
    client.force_login(staff(second, roles.FACILITATORS, "facilitator"))
    assert client.get(f"/admin/enrollment/offers/{theirs.pk}/", HTTP_HOST=OTHER).status_code == 404
    assert client.get(f"/admin/enrollment/roster/{theirs.pk}/series/", HTTP_HOST=OTHER).status_code == 404


def test_a_code_is_per_space_in_data_rights(first, second, client):
    offer_in(first, [("lluna", Status.CONFIRMED)])
    offer_in(second, [("lluna", Status.CONFIRMED), ("sol", Status.CONFIRMED)])
    client.force_login(staff(second, roles.ADMINISTRATORS, "admin"))
    exported = json.loads(client.post("/admin/participant-data/", {"code": "lluna", "action": "export"},
                                      HTTP_HOST=OTHER).content)
    assert len(exported["data"]["enrollment"]["enrollments"]) == 1
    # Only a network administrator may ask for every space; a space's administrator's box is ignored.
    client.post("/admin/participant-data/", {"code": "lluna", "action": "erase", "confirm": "on", "all_spaces": "on"},
                HTTP_HOST=OTHER)
    assert list(Enrollment.objects.values_list("offer__site", "code")) == [(first.pk, "lluna"), (second.pk, "sol")]


def test_a_network_administrator_acts_on_every_space(first, second, client):
    offer_in(first, [("lluna", Status.CONFIRMED)])
    offer_in(second, [("lluna", Status.CONFIRMED)])
    client.force_login(UserFactory(username="network", is_superuser=True))
    page = client.get("/admin/participant-data/", HTTP_HOST=OTHER).content.decode()
    assert 'name="all_spaces"' in page
    exported = json.loads(client.post("/admin/participant-data/", {"code": "lluna", "action": "export", "all_spaces": "on"},
                                      HTTP_HOST=OTHER).content)
    assert len(exported["data"]["enrollment"]["enrollments"]) == 2
    client.post("/admin/participant-data/", {"code": "lluna", "action": "erase", "confirm": "on"}, HTTP_HOST=OTHER)
    assert list(Enrollment.objects.values_list("offer__site", flat=True)) == [first.pk]
    client.post("/admin/participant-data/", {"code": "lluna", "action": "erase", "confirm": "on", "all_spaces": "on"})
    assert not Enrollment.objects.exists()


def test_the_commands_take_a_space(first, second):
    from io import StringIO

    from django.core.management import call_command

    offer_in(first, [("lluna", Status.CONFIRMED)])
    offer_in(second, [("lluna", Status.CONFIRMED)])
    out = StringIO()
    call_command("participant_export", "lluna", "--site", str(second.pk), stdout=out)
    assert len(json.loads(out.getvalue())["data"]["enrollment"]["enrollments"]) == 1
    call_command("participant_erase", "lluna", "--yes", "--site", str(second.pk), stdout=StringIO())
    assert list(Enrollment.objects.values_list("offer__site", flat=True)) == [first.pk]
    call_command("participant_erase", "lluna", "--yes", stdout=StringIO())
    assert not Enrollment.objects.exists()


@pytest.mark.parametrize("shared", [False, True])
def test_forget_me_acts_in_the_codes_space_unless_the_network_shares_codes(first, second, client, settings, shared):
    from django.core.cache import cache

    from plugins.enrollment import services as enrollment

    cache.clear()  # rate limits
    settings.SAFESPACE_SHARED_CODES = shared
    offer_in(first, [("lluna", Status.CONFIRMED)])
    offer_in(second, [("lluna", Status.CONFIRMED), ("sol", Status.CONFIRMED)])
    token = enrollment.private_link_issue(site=second, code="lluna")
    # The link belongs to its space: another space does not know it.
    assert client.get(f"/ca/plugins/enrollment/mine/{token}/forget/").status_code == 404
    done = client.post(f"/ca/plugins/enrollment/mine/{token}/forget/", {"confirm": "yes"}, HTTP_HOST=OTHER)
    assert done.status_code == 200
    left = sorted(Enrollment.objects.values_list("offer__site", "code"))
    assert left == ([(second.pk, "sol")] if shared else [(first.pk, "lluna"), (second.pk, "sol")])
