"""Small numbers stay hidden on the published service counts (the rule: plugins.api.disclosure).

The tests of the rule itself moved to tests/plugins/api/test_disclosure.py.
``feasible`` (tests/plugins/api) is a reader who knows the rule: primary cells ("fewer than t")
are in [0, t-1], withheld cells are >= t, and the total (if shown) is exact.
It tries every assignment of the hidden cells and collects what each small
cell could be. Protection means: anything from 0 to t-1, as if nothing but
"fewer than t" had been said.
"""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Site

from plugins.api import disclosure
from plugins.api.disclosure import FEWER, SHOWN, WITHHELD
from plugins.servicecounts import selectors, services
from plugins.servicecounts.models import Category
from plugins.servicecounts.signals import public_figures
from resources import models as rm
from tests.plugins.api.reader import old_reader as feasible

pytestmark = pytest.mark.clock

T = 5


# --- The published figures --------------------------------------------------


@pytest.fixture
def month():
    return selectors.closed_months(today=timezone.localdate(), months=1)[0]


def put(indicator, month, amount, day=3):
    hour = timezone.make_aware(dt.datetime.combine(month.replace(day=day), dt.time(12)))
    if amount:
        services.count_add(indicator_id=indicator.pk, hour=services.hour_bucket(hour), delta=amount)


@pytest.fixture
def room(indicator_factory, month):
    make = lambda name, n: indicator_factory(name, category=Category.CONSUMPTION, unit={"en": "uses"})  # noqa: E731
    rows = {"smoked": make("Room: smoked", 40), "injected": make("Room: injected", 12),
            "snorted": make("Room: snorted", 6), "swallowed": make("Room: swallowed", 2)}
    for key, amount in {"smoked": 40, "injected": 12, "snorted": 6, "swallowed": 2}.items():
        put(rows[key], month, amount, day=2)
    return rows


def by_label(figures, period):
    return {f.label: f for f in figures if f.period == period}


@pytest.mark.django_db
def test_public_figures_hide_small_counts_and_totals_give_nothing_away(room, month, indicator_factory):
    secret = indicator_factory("Hidden showers", publishable=False, category=Category.CONSUMPTION)
    put(secret, month, 3)
    figures = public_figures(language="en")
    period = month.strftime("%B %Y")
    shown = by_label(figures, period)
    assert shown["Room: smoked"].value == 40 and shown["Room: smoked"].unit == "uses"
    assert shown["Room: swallowed"].value == "fewer than 5"
    assert shown["Room: injected"].value == "not shown"
    assert shown["Room: snorted"].value == 6
    total = shown["Accompanied consumption room, all together"]
    assert total.value == 60  # the unpublishable indicator is not in it
    assert "Hidden showers" not in {f.label for f in figures}

    # The reader's view, rebuilt from the published figures only.
    from plugins.api.disclosure import Cell
    cells = []
    for label in ("Room: smoked", "Room: injected", "Room: snorted", "Room: swallowed"):
        value = shown[label].value
        cells.append(Cell(value, SHOWN) if isinstance(value, int) else
                     Cell(0, FEWER if value == "fewer than 5" else WITHHELD))
    assert feasible(cells, Cell(total.value, SHOWN)) == {3: set(range(5))}
    # no other published number is a sum that includes these cells
    numbers = [f.value for f in figures if isinstance(f.value, int)]
    assert sorted(numbers) == sorted([40, 6, 60] + [0] * 0)


@pytest.mark.django_db
def test_threshold_is_a_setting(room, month, settings):
    settings.DISCLOSURE_THRESHOLD = 10
    shown = by_label(public_figures(language="en"), month.strftime("%B %Y"))
    assert shown["Room: snorted"].value == "fewer than 10"
    assert shown["Room: swallowed"].value == "fewer than 10"


@pytest.mark.django_db
def test_only_closed_past_months_are_published(indicator_factory):
    meals = indicator_factory()
    today = timezone.localdate()
    services.count_add(indicator_id=meals.pk, hour=services.hour_bucket(timezone.now()), delta=50)
    figures = public_figures(language="en")
    assert figures and all(f.value == "no data" for f in figures)  # this month's 50 is not out yet
    months = selectors.closed_months(today=today, months=3)
    assert len({f.period for f in figures}) == 3
    assert all(selectors.month_add(m, 1) <= today - dt.timedelta(days=2 * services.seen_tap_days()) for m in months)


@pytest.mark.django_db
def test_impact_page_shows_the_suppressed_figures_only_while_the_plugin_is_on(client, home, room, month, servicecounts_on):
    page = rm.ImpactPage(title="Impacte", slug="impacte")
    home.add_child(instance=page)
    page.save_revision().publish()
    html = client.get("/ca/impacte/").content.decode()
    assert "menys de 5" in html and "Room: swallowed (ca)" in html
    assert ">2<" not in html and "no es mostra" in html
    # the public cannot choose the period
    assert client.get("/ca/impacte/?start=2020-01-01&end=2030-01-01").content.decode().count("menys de 5") == html.count("menys de 5")
    servicecounts_on.enabled = []
    servicecounts_on.save()
    assert "Room: swallowed" not in client.get("/ca/impacte/").content.decode()
    assert Site.objects.count() == 1


# --- The probe's attacks ------------------------------------------------------------

MADRID = __import__("zoneinfo").ZoneInfo("Europe/Madrid")


@pytest.fixture
def supplies(indicator_factory):
    kits = indicator_factory("Harm-reduction kits", category=Category.SUPPLIES, unit={"en": "kits"})
    naloxone = indicator_factory("Naloxone kits", category=Category.SUPPLIES, unit={"en": "kits"})
    put(kits, dt.date(2026, 10, 1), 334, day=12)
    put(naloxone, dt.date(2026, 10, 1), 3, day=20)
    put(kits, dt.date(2026, 9, 1), 300, day=12)
    put(naloxone, dt.date(2026, 9, 1), 7, day=20)
    return kits, naloxone


@pytest.mark.clock
@pytest.mark.django_db
def test_reports_printed_on_the_1st_and_the_9th_show_the_same_months(client, administrator, servicecounts_on, supplies,
                                                                       time_machine):
    admin_client_ = client
    printed = {}
    for day in (1, 9):
        time_machine.move_to(dt.datetime(2026, 11, day, 10, tzinfo=MADRID), tick=False)
        client.force_login(administrator)
        assert admin_client_.get("/admin/servicecounts/report/?format=print&period=2026-10").status_code == 400
        page = admin_client_.get("/admin/servicecounts/report/?format=print&period=2026-09")
        assert page.status_code == 200
        printed[day] = page.content.decode().split("<main>")[1].split('<p class="generated">')[0]
    assert printed[1] == printed[9]
    time_machine.move_to(dt.datetime(2026, 11, 1, 10, tzinfo=MADRID) + dt.timedelta(days=disclosure.settle_days()), tick=False)
    client.force_login(administrator)
    october = admin_client_.get("/admin/servicecounts/report/?format=print&period=2026-10")
    assert october.status_code == 200
    html = october.content.decode()
    # the largest figure stays; the total goes, and the report says why in words
    assert "334 kits" in html and "menys de 5" in html and "337" not in html
    assert "perquè no es puguin deduir" in html or "so that the small numbers in it cannot be worked out" in html
    assert "<h2>Octubre del 2026</h2>" in html
    assert "setembre" not in html.split("<main>")[1].split("<section>")[0].lower()  # heading says what it lists


@pytest.mark.clock
@pytest.mark.django_db
def test_two_visits_a_day_apart_differ_only_by_a_newly_settled_month(supplies):
    """Figures never move once out: every day's impact figures agree with the day before on every shared month."""
    def figures(day):
        result = {}
        for f in public_figures(language="en", today=day):
            result.setdefault(f.period, []).append((f.label, f.value))
        return result

    day = dt.date(2026, 10, 1)
    before = figures(day)
    while day < dt.date(2026, 12, 31):
        day += dt.timedelta(days=1)
        services.count_add(indicator_id=supplies[1].pk, delta=1, hour=services.hour_bucket(
            timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=1), dt.time(12)))))  # counting goes on
        now = figures(day)
        for period in set(before) & set(now):
            assert before[period] == now[period], (day, period)
        assert len(set(now) - set(before)) <= 1
        before = now
