"""Month arithmetic and the month grid, on dateutil's relativedelta and the
standard library's calendar (issue 15, item 8)."""

import datetime as dt

import pytest
import time_machine

from agenda.selectors import AgendaDay
from agenda.views import month_weeks
from plugins.api import disclosure
from plugins.servicecounts import selectors as servicecounts

pytestmark = pytest.mark.clock


def _days(first: dt.date) -> list[AgendaDay]:
    days, day = [], first
    while day.month == first.month:
        days.append(AgendaDay(date=day, occurrences=[]))
        day += dt.timedelta(days=1)
    return days


@pytest.mark.parametrize("first, weeks, lead, trail", [
    (dt.date(2026, 3, 1), 6, 6, 5),   # starts on a Sunday: six empty cells before it
    (dt.date(2021, 2, 1), 4, 0, 0),   # 28 days from a Monday: four full weeks
    (dt.date(2024, 2, 1), 5, 3, 3),   # 29 February
    (dt.date(2026, 12, 1), 5, 1, 3),  # the year's last month
])
def test_month_grid_runs_monday_to_sunday_with_empty_cells_around_the_month(first, weeks, lead, trail):
    days = _days(first)
    grid = month_weeks(first, days)
    assert len(grid) == weeks and all(len(week) == 7 for week in grid)
    cells = [cell for week in grid for cell in week]
    assert cells[:lead] == [None] * lead and cells[lead] is days[0]
    assert cells[len(cells) - trail:] == [None] * trail and cells[len(cells) - trail - 1] is days[-1]
    assert [cell for cell in cells if cell is not None] == days
    assert all(cell.date.weekday() == column for week in grid for column, cell in enumerate(week) if cell)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.timezone.utc), tick=False)
def test_month_view_links_across_the_new_year(agenda_page, client):
    # 00:30 on 1 January in Madrid: "today" is already in the next month and year.
    current = client.get("/ca/agenda/month/").content.decode()
    assert 'href="/ca/agenda/month/2026-12/"' in current and 'href="/ca/agenda/month/2027-02/"' in current
    december = client.get("/ca/agenda/month/2026-12/").content.decode()
    assert 'href="/ca/agenda/month/2026-11/"' in december and 'href="/ca/agenda/month/2027-01/"' in december
    january = client.get("/ca/agenda/month/2027-01/").content.decode()
    assert 'href="/ca/agenda/month/2026-12/"' in january and 'href="/ca/agenda/month/2027-02/"' in january


@pytest.mark.parametrize("month, n, expected", [
    (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 1)),
    (dt.date(2026, 1, 31), -1, dt.date(2025, 12, 1)),
    (dt.date(2026, 3, 1), -25, dt.date(2024, 2, 1)),
    (dt.date(2026, 3, 1), 0, dt.date(2026, 3, 1)),
])
def test_disclosure_month_add_gives_the_first_of_the_month(month, n, expected):
    assert disclosure.month_add(month, n) == expected


def test_servicecounts_periods_across_months_years_and_29_february():
    assert servicecounts.period_next(dt.date(2026, 12, 1), "month") == dt.date(2027, 1, 1)
    assert servicecounts.period_next(dt.date(2026, 1, 1), "year") == dt.date(2027, 1, 1)
    assert servicecounts.compare_range(start=dt.date(2024, 2, 1), end=dt.date(2024, 2, 29), compare="year") == (
        dt.date(2023, 2, 1), dt.date(2023, 2, 28))
