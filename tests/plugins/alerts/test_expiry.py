"""An alert leaves the banner, the screens and the caches at its end, with no edit and no restart."""

import datetime as dt

import pytest

from plugins.alerts import selectors, services, tasks
from safespace import content_cache, queue
from screen.models import Screen

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_at_its_end_the_alert_leaves_the_banner_and_the_screen(alert_factory, alerts_on, home, client, time_machine):
    screen = Screen.objects.create(name="Hall")
    page = alert_factory(title="Fentanyl in heroin")
    time_machine.move_to(page.valid_until - dt.timedelta(seconds=1), tick=False)
    assert "Fentanyl in heroin" in client.get("/ca/").content.decode()
    data = client.get(f"/screen/{screen.token}/data.json").json()
    assert [n["title"]["ca"] for n in data["notices"]] == ["Fentanyl in heroin"]
    # The end as the browser sees it: the offline copy hides it by the screen's clock.
    assert data["notices"][0]["end"] == int(page.valid_until.timestamp() * 1000)

    time_machine.move_to(page.valid_until, tick=False)
    assert "Fentanyl in heroin" not in client.get("/ca/").content.decode()
    assert client.get(f"/screen/{screen.token}/data.json").json()["notices"] == []


def test_the_periodic_job_starts_a_new_content_version_when_an_alert_ends(alert_factory, alerts_on, time_machine):
    page = alert_factory()
    time_machine.move_to(page.valid_until - dt.timedelta(minutes=1), tick=False)
    tasks.boundaries()
    before = content_cache.content_version()
    tasks.boundaries()
    assert content_cache.content_version() == before  # nothing crossed: caches stay
    time_machine.move_to(page.valid_until + dt.timedelta(seconds=30), tick=False)
    tasks.boundaries()
    assert content_cache.content_version() != before
    assert queue.last_runs()["alerts_boundaries"]["ok"] is True


def test_a_start_also_counts(alert_factory, alerts_on, time_machine):
    page = alert_factory(valid_from=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc),
                         valid_until=dt.datetime(2030, 2, 1, tzinfo=dt.timezone.utc))
    time_machine.move_to(page.valid_from - dt.timedelta(minutes=1), tick=False)
    assert services.alerts_boundaries_apply(now=page.valid_from - dt.timedelta(minutes=1)) == 0
    assert services.alerts_boundaries_apply(now=page.valid_from) == 1


def test_the_next_change_is_the_nearest_start_or_end(alert_factory, time_machine):
    page = alert_factory()
    later = alert_factory(slug="later", valid_from=page.valid_until - dt.timedelta(hours=2),
                          valid_until=page.valid_until + dt.timedelta(days=1))
    assert selectors.next_change(page.valid_from) == later.valid_from
    assert selectors.next_change(later.valid_from) == page.valid_until
    assert selectors.next_change(later.valid_until) is None
