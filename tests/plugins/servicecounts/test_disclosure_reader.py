"""A brute-force reader against everything service counts publish (plugins.api.disclosure).

Random counts go into a settled month; then the impact page and the funders'
printable report are published for every allowed period that holds it
(the month, its quarter, its year when settled). The reader knows which
indicator is in which category and that a category's total is their sum,
reads only the published text, and tries every assignment of the counts
against all of it together (split only where no published figure links two
sets of counts, which is exact), checking that no small count is pinned.
"""

import datetime as dt
import html as htmllib
import random
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from plugins.api import disclosure
from plugins.servicecounts.models import Category
from plugins.servicecounts.signals import public_figures

from tests.plugins.api.reader import feasible

from .test_suppression import put

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
MADRID = ZoneInfo("Europe/Madrid")
T = 5
CAP = 20
OCTOBER = dt.date(2026, 10, 1)


def parse(value: str) -> tuple[int, int]:
    value = value.strip()
    if value.startswith(f"fewer than {T}") or value.startswith(f"menys de {T}"):
        return 0, T - 1
    if value.startswith("not shown") or value.startswith("no es mostra"):
        return T, 10 * CAP
    return int(value.split()[0]), int(value.split()[0])


def published_in_print(body: str, month_heading: str) -> dict[str, str]:
    section = body.split(f"<h2>{month_heading}</h2>")[1].split("</section>")[0]
    rows = re.findall(r'<tr(?: class="total")?><th scope="row">(.*?)</th><td>(.*?)</td></tr>', section)
    return {htmllib.unescape(label): re.sub(r"<.*", "", value) for label, value in rows}


def test_no_small_service_count_can_be_pinned_from_everything_published(client, administrator, servicecounts_on,
                                                                        indicator_factory, time_machine, settings):
    settings.DISCLOSURE_THRESHOLD = T
    rng = random.Random(1616)
    categories = {"Room: smoked": Category.CONSUMPTION, "Room: injected": Category.CONSUMPTION,
                  "Room: snorted": Category.CONSUMPTION, "Room: swallowed": Category.CONSUMPTION,
                  "Harm-reduction kits": Category.SUPPLIES, "Naloxone kits": Category.SUPPLIES,
                  "Legal advice": Category.ADVICE}
    indicators = {name: indicator_factory(name, category=category, unit={"en": "n"})
                  for name, category in categories.items()}
    time_machine.move_to(dt.datetime(2026, 12, 20, 12, tzinfo=MADRID), tick=False)
    assert OCTOBER in disclosure.allowed_months()
    periods = [p.code for p in disclosure.allowed_periods() if OCTOBER in p.months]
    assert periods == ["2026-10", "2026-Q4"] or periods == ["2026-10"]
    for _round in range(10):
        truth = {name: rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15]) for name in categories}
        from plugins.servicecounts.models import Count

        Count.objects.all().delete()
        for name, n in truth.items():
            put(indicators[name], OCTOBER, n, day=5)
        said = []
        by_category: dict[str, list[str]] = {}
        with translation.override("en"):
            for name, category in categories.items():
                by_category.setdefault(str(Category(category).label), []).append(name)
        for figure in public_figures(language="en"):
            if figure.period != "October 2026":
                continue
            label = figure.label.removesuffix(", all together")
            members = tuple(by_category[label]) if label in by_category else (label,)
            said.append((members, parse(str(figure.value))))
        client.force_login(administrator)
        for code in periods:
            response = client.get(f"/admin/servicecounts/report/?format=print&period={code}")
            assert response.status_code == 200
            for label, value in published_in_print(response.content.decode(), "Octubre del 2026").items():
                label = label.removesuffix(" (ca)").removesuffix(", tot plegat")
                ca_categories = {"Sala de consum acompanyat": "Accompanied consumption room",
                                 "Material de reducció de danys": "Harm-reduction supplies"}
                members = tuple(by_category[ca_categories[label]]) if label in ca_categories else (label,)
                said.append((members, parse(value)))
        assert len(said) >= 2 * len(categories)
        seen = feasible(list(categories), said, CAP)
        for name, values in seen.items():
            assert truth[name] in values
            if truth[name] < T:
                assert len(values) >= 2, (truth, name, sorted(values), said)
