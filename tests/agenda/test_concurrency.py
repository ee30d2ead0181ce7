"""Many requests for the same new session at once make one occurrence row, not several."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone
from schedule.models import Occurrence

from agenda.selectors import activity_upcoming
from agenda.services import occurrence_persist
from tests.agenda.conftest import weekly

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.clock]

CALLERS = 16


def test_parallel_persist_makes_one_row(make_activity):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    activity = make_activity("Costura", slots=[weekly(tomorrow, [tomorrow.weekday()])])
    session = activity_upcoming(page=activity, limit=1)[0]
    barrier = threading.Barrier(CALLERS)
    ids, errors = [], []

    def call():
        try:
            barrier.wait(timeout=30)
            ids.append(occurrence_persist(event=session.event, original_start=session.original_start).pk)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Occurrence.objects.filter(event=session.event).count() == 1
    assert len(set(ids)) == 1
