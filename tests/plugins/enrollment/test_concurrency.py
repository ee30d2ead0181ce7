"""Capacity holds when many people ask for the last places at the same moment."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from plugins.enrollment.models import Enrollment, Status

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.clock]

PEOPLE = 24
PLACES = 5


def test_parallel_signups_never_confirm_more_than_the_places(home, enrollment_on, workshop, next_session, offer_factory):
    offer_factory(workshop, capacity=PLACES)
    url = f"/ca/plugins/enrollment/{workshop.pk}/{next_session.stamp}/"
    barrier = threading.Barrier(PEOPLE)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def person(n: int):
        try:
            client = Client(REMOTE_ADDR=f"10.0.{n // 200}.{n % 200 + 1}")
            barrier.wait(timeout=30)
            response = client.post(url, {"code": f"persona-{n}"})
            statuses.append(response.status_code)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=person, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [200] * PEOPLE, statuses
    assert Enrollment.objects.filter(status=Status.CONFIRMED).count() == PLACES
    assert Enrollment.objects.filter(status=Status.WAITING).count() == PEOPLE - PLACES
    assert connection.vendor in ("postgresql", "sqlite")
