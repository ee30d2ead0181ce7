import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from schedule.models import Event, Occurrence

from agenda import selectors, services, signals
from agenda.models import ActivityChange, ActivityEvent, ActivityPage, ActivitySlot
from safespace import roles
from tests.agenda.conftest import local, weekly

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _events(page):
    return Event.objects.filter(activity_link__activity_key=page.translation_key)


def test_publishing_keeps_events_in_step(make_activity):
    page = make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1]), weekly(dt.date(2026, 3, 2), [3])])
    assert _events(page).count() == 2
    revision = page.get_latest_revision_as_object()
    revision.slots = [revision.slots.all()[0]]
    revision.slots.all()[0].start_time = dt.time(17)
    revision.save_revision().publish()
    (event,) = _events(page)
    assert event.start == local(2026, 3, 3, 17)
    assert event.title == "Costura"
    # A draft does not change the public schedule.
    draft = page.get_latest_revision_as_object()
    draft.slots.all()[0].start_time = dt.time(9)
    draft.save_revision()
    assert _events(page).get().start == local(2026, 3, 3, 17)


def test_translations_share_one_schedule_and_deleting_the_last_removes_it(make_activity, locales):
    page = make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1])])
    translated = page.copy_for_translation(locales["es"], copy_parents=True)
    translated.title = "Costura ES"
    translated.save_revision().publish()
    assert not translated.owns_schedule() and page.owns_schedule()
    assert _events(page).count() == 1
    es = selectors.occurrences_between(start=local(2026, 3, 2), end=local(2026, 3, 9), language="es")
    ca = selectors.occurrences_between(start=local(2026, 3, 2), end=local(2026, 3, 9), language="ca")
    assert [(o.title, o.event.pk) for o in es] == [("Costura ES", ca[0].event.pk)]
    assert ca[0].title == "Costura"
    for p in (page, translated):
        p.refresh_from_db()
        p.unpublish()
    assert selectors.occurrences_between(start=local(2026, 3, 2), end=local(2026, 3, 9)) == []
    ActivityPage.objects.get(pk=translated.pk).delete()
    assert _events(page).count() == 1
    ActivityPage.objects.get(pk=page.pk).delete()
    assert _events(page).count() == 0 and not ActivityEvent.objects.exists()


def test_removing_a_change_restores_the_session_and_keeps_its_row(make_activity):
    page = make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1])],
                         changes=[{"kind": "cancel", "original_date": dt.date(2026, 3, 10)}])
    row = Occurrence.objects.get()
    assert row.cancelled
    latest = page.get_latest_revision_as_object()
    latest.changes = []
    latest.save_revision().publish()
    row.refresh_from_db()
    assert not row.cancelled and row.start == row.original_start == local(2026, 3, 10, 18)
    (occ,) = selectors.occurrences_between(start=local(2026, 3, 10), end=local(2026, 3, 11))
    assert not occ.cancelled and occ.occurrence_id == row.pk


def test_occurrence_persist_is_the_stable_identity(make_activity):
    page = make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1])])
    event = _events(page).get()
    first = services.occurrence_persist(event=event, original_start=local(2026, 3, 17, 18))
    again = services.occurrence_persist(event=event, original_start=local(2026, 3, 17, 18))
    assert first.pk == again.pk and first.original_end == local(2026, 3, 17, 20)
    services.occurrence_move(event=event, original_start=local(2026, 3, 17, 18), start=local(2026, 3, 18, 18), end=local(2026, 3, 18, 20))
    assert services.occurrence_persist(event=event, original_start=local(2026, 3, 17, 18)).pk == first.pk
    with pytest.raises(ValueError):
        services.occurrence_persist(event=event, original_start=local(2026, 3, 18, 18))


@pytest.mark.parametrize("values, field", [
    ({"start_time": dt.time(18), "end_time": dt.time(17)}, "end_time"),
    ({"start_time": dt.time(18), "end_time": dt.time(18)}, "end_time"),
    ({"weekdays": []}, "weekdays"),
    ({"repeat": "monthly", "weekdays": ["1", "3"], "monthly_week": 1}, "weekdays"),
    ({"repeat": "monthly", "weekdays": ["1"]}, "monthly_week"),
    ({"until": dt.date(2026, 1, 1)}, "until"),
    ({"until": dt.date(2026, 6, 1), "count": 3}, "count"),
    ({"count": 0}, "count"),
])
def test_impossible_schedule_lines_are_refused(values, field):
    data = weekly(dt.date(2026, 3, 2), [1])
    data.update(values)
    with pytest.raises(ValidationError) as error:
        ActivitySlot(**data).clean()
    assert field in error.value.message_dict


def test_a_move_must_say_where():
    with pytest.raises(ValidationError):
        ActivityChange(kind="move", original_date=dt.date(2026, 3, 3)).clean()
    with pytest.raises(ValidationError):
        ActivityChange(kind="move", original_date=dt.date(2026, 3, 3), new_start_time=dt.time(12), new_end_time=dt.time(11)).clean()


def test_overlaps_in_the_same_room(make_activity, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: local(2026, 3, 1))
    a = make_activity("A", room="big-room", slots=[weekly(dt.date(2026, 3, 2), [1], start="18:00", end="20:00")])
    make_activity("B", room="big-room", slots=[weekly(dt.date(2026, 3, 2), [1], start="19:00", end="21:00", count=2)])
    make_activity("C", room="kitchen", slots=[weekly(dt.date(2026, 3, 2), [1])])
    pairs = selectors.activity_overlaps(page=a)
    assert [(x.start, y.title) for x, y in pairs] == [(local(2026, 3, 3, 18), "B"), (local(2026, 3, 10, 18), "B")]


def test_facilitators_can_publish_activities_under_the_agenda(agenda_page, user_factory):
    facilitator = user_factory(groups=[roles.FACILITATORS])
    perms = agenda_page.permissions_for_user(facilitator)
    assert perms.can_add_subpage() and perms.can_publish()
    assert facilitator.has_perm("agenda.add_category") and facilitator.has_perm("agenda.change_closure")
    assert not agenda_page.get_parent().permissions_for_user(facilitator).can_edit()


def test_occurrence_finished_fires_once(make_activity, site, monkeypatch):
    from django.utils import timezone

    make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1])],
                  changes=[{"kind": "cancel", "original_date": dt.date(2026, 3, 3)}])
    heard = []

    @receiver(signals.occurrence_finished, weak=False, dispatch_uid="test_finished")
    def listen(sender, occurrence, **kwargs):
        heard.append((sender, occurrence.original_start))

    try:
        assert services.occurrences_finish(now=local(2026, 3, 10, 21), site=site) == 1
        assert services.occurrences_finish(now=local(2026, 3, 10, 22), site=site) == 0
    finally:
        signals.occurrence_finished.disconnect(dispatch_uid="test_finished")
    assert heard == [(site, local(2026, 3, 10, 18))]


def test_a_failing_finished_receiver_is_called_again_until_it_succeeds(make_activity, site, caplog):
    from safespace_hello.models import Greeting

    from agenda.models import FinishedDelivery, OccurrenceDetail
    from plugins.api.services import plugin_enable

    plugin_enable(site=site, label="safespace_hello")
    make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1])])
    calls = {"plugin": 0, "core": 0}
    broken = [True]

    def plugin_receiver(sender, occurrence, **kwargs):
        calls["plugin"] += 1
        Greeting.objects.create(text=f"seen {occurrence.original_start:%d}")
        if broken[0]:
            raise RuntimeError("plugin bug")

    def core_receiver(sender, occurrence, **kwargs):
        calls["core"] += 1

    plugin_receiver.__module__ = "safespace_hello.signals"  # a receiver of the example plugin
    signals.occurrence_finished.connect(plugin_receiver, weak=False, dispatch_uid="test_finished_plugin")
    signals.occurrence_finished.connect(core_receiver, weak=False, dispatch_uid="test_finished_core")
    try:
        site = type(site).objects.get(pk=site.pk)
        assert services.occurrences_finish(now=local(2026, 3, 10, 21), site=site) == 1
        assert calls == {"plugin": 1, "core": 1}
        assert "plugin bug" in caplog.text
        assert not Greeting.objects.exists()  # the failed receiver's writes rolled back
        assert not OccurrenceDetail.objects.get().finished_sent
        assert list(FinishedDelivery.objects.values_list("app", flat=True)) == [__name__]

        broken[0] = False
        assert services.occurrences_finish(now=local(2026, 3, 10, 22), site=site) == 1
        assert calls == {"plugin": 2, "core": 1}  # only the plugin that failed is called again
        assert list(Greeting.objects.values_list("text", flat=True)) == ["seen 10"]
        assert OccurrenceDetail.objects.get().finished_sent
        assert sorted(FinishedDelivery.objects.values_list("app", flat=True)) == sorted([__name__, "safespace_hello"])

        assert services.occurrences_finish(now=local(2026, 3, 10, 23), site=site) == 0
        assert calls == {"plugin": 2, "core": 1}
    finally:
        signals.occurrence_finished.disconnect(dispatch_uid="test_finished_plugin")
        signals.occurrence_finished.disconnect(dispatch_uid="test_finished_core")


def test_demo_loads_twice_without_changes(home):
    from agenda.demo import load_demo
    load_demo()
    counts = (ActivityPage.objects.count(), Event.objects.count(), Occurrence.objects.count())
    assert counts[0] == 36 and counts[1] == 12 and counts[2] == 2
    load_demo()
    assert (ActivityPage.objects.count(), Event.objects.count(), Occurrence.objects.count()) == counts
    upcoming = selectors.occurrences_upcoming(limit=6)
    assert len(upcoming) == 6 and all(o.url.startswith("/ca/agenda/") for o in upcoming)
