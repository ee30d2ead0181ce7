"""agenda/tasks.py: the periodic job runs the same service as the command."""

import datetime as dt

import pytest
from django.dispatch import receiver

from agenda import signals, tasks
from safespace import queue

from .conftest import local, weekly

pytestmark = pytest.mark.django_db


@pytest.mark.clock
def test_the_finished_sessions_job_announces_each_ended_session_once(make_activity, site, time_machine):
    make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1])])
    heard = []

    @receiver(signals.occurrence_finished, weak=False, dispatch_uid="test_finished_task")
    def listen(sender, occurrence, **kwargs):
        heard.append(occurrence.original_start)

    time_machine.move_to(local(2026, 3, 10, 21), tick=False)
    try:
        tasks.occurrences_finished()  # immediate mode in the tests: runs now
        tasks.occurrences_finished()
    finally:
        signals.occurrence_finished.disconnect(dispatch_uid="test_finished_task")
    assert heard == [local(2026, 3, 10, 18)]
    assert queue.last_runs()["agenda_occurrences_finished"]["ok"] is True
