"""The network impact page and a brute-force reader across spaces (plugins/api/network.py).

Three spaces count services; each shares its figures with the network.
Random counts go into a settled month; then every surface is published for
every allowed period that holds it: each space's impact page and its funders'
printable report, and the network's figures. The reader knows which indicator
is in which space and category, that a category's total is the sum of its
indicators and the network's the sum of the spaces', and tries every
assignment of the counts against all of it together. No count below the
threshold may be pinned.
"""

import datetime as dt
import itertools
import random
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from wagtail.models import Page, Site

from plugins.api import disclosure, sites
from plugins.models import NetworkSharing, SitePlugins
from plugins.servicecounts import services as counts
from plugins.servicecounts.models import Category, Count
from plugins.servicecounts.signals import network_public_figures, public_figures
from safespace import roles
from tests.factories import UserFactory
from tests.plugins.api.reader import feasible
from tests.plugins.servicecounts.test_disclosure_reader import parse, published_in_print
from tests.plugins.servicecounts.test_suppression import put

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
MADRID = ZoneInfo("Europe/Madrid")
T = 5
CAP = 11
CAP_ATTENDANCE = 16
OCTOBER = dt.date(2026, 10, 1)
CA = {"Sala de consum acompanyat": "Accompanied consumption room", "Material de reducció de danys": "Harm-reduction supplies"}


def space(hostname, name, *, root=None):
    root = root or Page.get_first_root_node().add_child(instance=Page(title=name, slug=hostname.replace(".", "-")))
    site = Site.objects.create(hostname=hostname, port=80, root_page=root, site_name=name)
    return site


def share(site, labels=("servicecounts",), impact=True):
    plugins = SitePlugins.for_site(site)
    plugins.enabled = list(labels)
    plugins.save()
    setting = NetworkSharing.for_site(site)
    setting.impact = impact
    setting.save()


@pytest.fixture
def spaces(site, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "third.test"]
    site.site_name = "Espai Lila"
    site.save()
    found = {"A": site, "B": space("127.0.0.1", "Espai Dos"), "C": space("third.test", "Espai Tres")}
    for each in found.values():
        share(each)
    return found


HOSTS = {"A": "localhost", "B": "127.0.0.1", "C": "third.test"}
LAYOUT = {  # space -> indicator -> category
    "A": {"Room: smoked": Category.CONSUMPTION, "Room: injected": Category.CONSUMPTION, "Kits": Category.SUPPLIES},
    "B": {"Room: smoked": Category.CONSUMPTION, "Room: snorted": Category.CONSUMPTION},
    "C": {"Room: injected": Category.CONSUMPTION, "Kits": Category.SUPPLIES, "Naloxone": Category.SUPPLIES},
}


def make_indicators(spaces):
    made = {}
    for key, indicators in LAYOUT.items():
        with sites.scope(spaces[key]):
            for name, category in indicators.items():
                made[f"{key}:{name}"] = counts.indicator_create(
                    name={"en": name, "ca": f"{name} (ca)"}, category=category, agreed="assembly",
                    active_from=dt.date(2020, 1, 1), publishable=True, unit={"en": "n"},
                )
    return made


def category_name(category):
    with translation.override("en"):
        return str(Category(category).label)


def members_of(space_key, category):
    return tuple(f"{space_key}:{n}" for n, c in LAYOUT[space_key].items() if c == category)


def test_no_small_count_is_pinned_across_spaces(spaces, client, time_machine, settings):
    settings.DISCLOSURE_THRESHOLD = T
    rng = random.Random(1919)
    indicators = make_indicators(spaces)
    by_label = {category_name(c): c for c in Category.values}
    time_machine.move_to(dt.datetime(2026, 12, 20, 12, tzinfo=MADRID), tick=False)
    periods = [p.code for p in disclosure.allowed_periods() if OCTOBER in p.months]
    assert "2026-10" in periods
    client.force_login(UserFactory(username="network", is_superuser=True))
    for _round in range(8):
        truth = {name: rng.choice([0, 1, 2, 3, 4, 6, 9]) for name in indicators}
        Count.objects.all().delete()
        for name, n in truth.items():
            put(indicators[name], OCTOBER, n, day=5)
        said = []
        for key, site in spaces.items():
            with sites.scope(site):  # the space's impact page
                figures = public_figures(language="en")
            for figure in figures:
                if figure.period != "October 2026":
                    continue
                label = figure.label.removesuffix(", all together")
                members = members_of(key, by_label[label]) if label in by_label else (f"{key}:{label}",)
                said.append((members, parse(str(figure.value))))
            for code in periods:  # the space's printable report for funders
                response = client.get(f"/admin/servicecounts/report/?format=print&period={code}", HTTP_HOST=HOSTS[key])
                assert response.status_code == 200
                for label, value in published_in_print(response.content.decode(), "Octubre del 2026").items():
                    label = label.removesuffix(" (ca)").removesuffix(", tot plegat")
                    members = members_of(key, by_label[CA[label]]) if label in CA else (f"{key}:{label}",)
                    said.append((members, parse(value)))
        network = [f for f in network_public_figures(language="en") if f.period == "October 2026"]
        assert network
        for figure in network:
            category = by_label[figure.label.removesuffix(", all spaces together")]
            said.append((sum((members_of(k, category) for k in LAYOUT), ()), parse(str(figure.value))))
        seen = feasible(list(indicators), said, CAP)
        for name, values in seen.items():
            assert truth[name] in values
            if truth[name] < T:
                assert len(values) >= 2, (truth, name, sorted(values), said)


def test_the_network_page_adds_up_the_spaces_that_share(spaces, client, time_machine, settings, home):
    from resources.models import NetworkImpactPage

    settings.DISCLOSURE_THRESHOLD = T
    share(spaces["C"], impact=False)  # C keeps its figures to itself
    indicators = make_indicators(spaces)
    for name in ("A:Room: smoked", "A:Room: injected", "B:Room: smoked", "B:Room: snorted", "C:Room: injected"):
        put(indicators[name], OCTOBER, 10, day=5)
    time_machine.move_to(dt.datetime(2026, 12, 20, 12, tzinfo=MADRID), tick=False)
    home.add_child(instance=NetworkImpactPage(title="Network", slug="network"))
    spaces["A"].refresh_from_db()
    response = client.get(f"{home.url}network/", HTTP_HOST="localhost")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Espai Lila" in text and "Espai Dos" in text and "Espai Tres" not in text
    assert ">40<" in text  # A's 20 and B's 20, not C's 10


def test_a_space_that_does_not_share_is_protected_alone(spaces, time_machine, settings):
    settings.DISCLOSURE_THRESHOLD = T
    for key in "ABC":
        share(spaces[key], impact=key == "B")
    indicators = make_indicators(spaces)
    for key in "AB":
        put(indicators[f"{key}:Room: smoked"], OCTOBER, 3, day=5)
        put(indicators[f"{key}:Room: {'injected' if key == 'A' else 'snorted'}"], OCTOBER, 30, day=5)
    time_machine.move_to(dt.datetime(2026, 12, 20, 12, tzinfo=MADRID), tick=False)
    october = [f for f in network_public_figures(language="en") if f.period == "October 2026"]
    # B alone shares: the network's total would be B's total, which tells B's small cell: both are hidden.
    assert [f.value for f in october if "Accompanied" in f.label] == ["not shown"]
    for key, total in (("A", "not shown"), ("B", "not shown")):
        with sites.scope(spaces[key]):
            shown = {f.label: f.value for f in public_figures(language="en") if f.period == "October 2026"}
        assert shown["Room: smoked"] == "fewer than 5"
        assert shown["Accompanied consumption room, all together"] == total


def test_no_small_attendance_figure_is_pinned_across_spaces(spaces, client, time_machine, settings):
    """Attendance: each space's monthly total (impact page, the external CSV for the whole space and by
    category) and the network's, against a reader that tries every assignment."""
    import csv
    import io
    import uuid

    from plugins.attendance.models import Sheet
    from plugins.attendance.signals import impact_monthly_figures, network_monthly_figures

    settings.DISCLOSURE_THRESHOLD = T
    for each in spaces.values():
        share(each, labels=("attendance",))
    activities = {"A:Costura": "A", "A:Ioga": "A", "B:Cafè": "B", "C:Teatre": "C"}
    keys = {name: uuid.uuid4() for name in activities}
    start = dt.datetime(2026, 10, 6, 18, tzinfo=MADRID)
    time_machine.move_to(dt.datetime(2026, 11, 20, 12, tzinfo=MADRID), tick=False)
    client.force_login(UserFactory(username="network", is_superuser=True))
    rng = random.Random(1920)
    for _round in range(6):
        Sheet.objects.all().delete()
        truth = {name: rng.choice([0, 1, 2, 3, 4, 6, 9, 15]) for name in activities}
        for name, key in activities.items():
            Sheet.objects.create(site=spaces[key], activity_key=keys[name], session_start=start,
                                 session_end=start + dt.timedelta(hours=2), anonymous=truth[name])
        said = []
        for key, site in spaces.items():
            mine = tuple(n for n, k in activities.items() if k == key)
            with sites.scope(site):
                said += [(mine, parse(str(f.value))) for f in impact_monthly_figures(language="en")
                         if f.period == "October 2026"]
            for group in ("space", "category"):
                response = client.get(f"/admin/attendance/reports/csv/?for=external&month=2026-10&group={group}",
                                      HTTP_HOST=HOSTS[key])
                assert response.status_code == 200
                for row in list(csv.reader(io.StringIO(response.content.decode())))[1:]:
                    said.append((mine, parse({"withheld": "not shown"}.get(row[2], row[2].replace(f"<{T}", f"fewer than {T}")))))
        network = [f for f in network_monthly_figures(language="en") if f.period == "October 2026"]
        assert len(network) == 1
        said.append((tuple(activities), parse(str(network[0].value))))
        names = list(activities)
        possible = {key: set() for key in spaces}
        for combo in itertools.product(range(CAP_ATTENDANCE + 1), repeat=len(names)):
            value = dict(zip(names, combo))
            if all(lo <= sum(value[m] for m in members) <= hi for members, (lo, hi) in said):
                for key in spaces:
                    possible[key].add(sum(v for n, v in value.items() if activities[n] == key))
        for key in spaces:
            total = sum(truth[n] for n, k in activities.items() if k == key)
            assert total in possible[key]
            if total < T:  # a space's small total: never pinned by its own figures and the network's together
                assert len(possible[key]) >= 2, (truth, key, sorted(possible[key]), said)
