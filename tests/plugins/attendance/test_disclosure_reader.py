"""A brute-force reader against everything attendance publishes (plugins.api.disclosure).

Random counts go into real sheets; then every surface is published for every
allowed month: the impact page's figures and the external CSV by activity,
by category and for the whole space. The reader knows what is public anyway
(which activity is in which category, that a category is the sum of its
activities and the space the sum of everything) and reads only the published
text. It tries every assignment of the month's activity counts against all
of it together, and checks that no small figure is pinned.
"""

import csv
import datetime as dt
import io
import random
from zoneinfo import ZoneInfo

import pytest

from plugins.api import disclosure
from plugins.attendance.signals import impact_monthly_figures
from tests.agenda.conftest import weekly
from tests.plugins.api.reader import feasible

from .conftest import record, sessions_of
from .test_views import facilitator  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
MADRID = ZoneInfo("Europe/Madrid")
T = 5
CAP = 20


def parse(value: str) -> tuple[int, int]:
    """What a published cell says: [least, most]."""
    if value == f"<{T}" or value == f"fewer than {T}":
        return 0, T - 1
    if value in ("withheld", "not shown"):
        return T, CAP * 10
    if value == "no data":
        return 0, 0
    return int(value), int(value)


def publish(client, month: str, activities: dict[str, str]) -> list:
    """Everything published about ``month``, as (the activities it adds up, [least, most])."""
    said = []
    by_category: dict[str, list[str]] = {}
    for name, category in activities.items():
        by_category.setdefault(category, []).append(name)
    for group in ("activity", "category", "space"):
        response = client.get(f"/admin/attendance/reports/csv/?for=external&month={month}&group={group}")
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
        for row in rows:
            label, total, average = row[0], row[2], row[3]
            if label == "no data":
                said.append((tuple(activities), (0, 0)))
                continue
            members = (tuple(activities) if label in ("Tot l'espai", "Whole space", "Todo el espacio")
                       else tuple(by_category[{"Creatiu": "creative", "Cura": "care"}[label]]) if group == "category"
                       else (label,))
            said.append((members, parse(total)))
            if average not in ("", "withheld"):  # an average is the total over the (public) number of sessions
                sessions = int(row[1])
                lo = round((float(average) - 0.05) * sessions - 1e-9)
                said.append((members, (max(lo, 0), round((float(average) + 0.05) * sessions + 1e-9))))
    for figure in impact_monthly_figures(language="en"):
        if figure.period == dt.date.fromisoformat(month + "-01").strftime("%B %Y"):
            said.append((tuple(activities), parse(str(figure.value))))
    return said


def test_no_small_attendance_figure_can_be_pinned_from_everything_published(client, attendance_on, facilitator,
                                                                             make_activity, time_machine, settings):
    settings.DISCLOSURE_THRESHOLD = T
    rng = random.Random(1515)
    time_machine.move_to(dt.datetime(2026, 10, 31, 12, tzinfo=MADRID), tick=False)
    names = ["Costura", "Ioga", "Cafè", "Teatre"]
    categories = {"Costura": "creative", "Teatre": "creative", "Ioga": "care", "Cafè": "care"}
    activities = {name: make_activity(name, category=categories[name], slots=[weekly(dt.date(2026, 9, 1), [day])])
                  for day, name in enumerate(names)}
    # Each round replaces the counts of October's first sessions; the reader checks what comes out.
    first_sessions = {name: [o for o in sessions_of(page, weeks=9) if o.start.month == 10][0]
                      for name, page in activities.items()}
    rounds = 0
    for _round in range(12):
        time_machine.move_to(dt.datetime(2026, 10, 31, 12, tzinfo=MADRID), tick=False)
        truth = {}
        for name, page in activities.items():
            truth[name] = rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15])
            record(page, first_sessions[name], anonymous=truth[name])
        time_machine.move_to(dt.datetime(2026, 11, 20, 12, tzinfo=MADRID), tick=False)
        assert "2026-10" in [m.strftime("%Y-%m") for m in disclosure.allowed_months()]
        client.force_login(facilitator)
        said = publish(client, "2026-10", categories)
        seen = feasible(list(categories), said, CAP)
        for name, values in seen.items():
            assert truth[name] in values
            if truth[name] < T:
                assert len(values) >= 2, (truth, name, sorted(values), said)
        rounds += 1
    assert rounds == 12
