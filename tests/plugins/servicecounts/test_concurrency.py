"""Many devices tapping at once lose nothing, and retries of the same ids add nothing."""

import json
import threading
import uuid

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from plugins.servicecounts.models import Count, SeenTap

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.clock]

DEVICES = 6
TAPS = 20


def test_parallel_devices_with_retries_count_every_tap_exactly_once(servicecounts_on, counter, indicator_factory):
    meals, showers = indicator_factory("Meals"), indicator_factory("Showers")
    barrier = threading.Barrier(DEVICES)
    errors: list[BaseException] = []
    statuses: list[int] = []
    # Every device sends its own taps, then sends them all again, and one
    # tap id is shared by every device (the same tap retried from everywhere).
    shared = {"id": str(uuid.uuid4()), "indicator": meals.pk, "delta": 1, "at": timezone.now().isoformat()}

    def device(n: int):
        try:
            client = Client()
            client.force_login(counter)
            taps = [{"id": str(uuid.uuid4()), "indicator": (meals if i % 2 else showers).pk, "delta": 1,
                     "at": timezone.now().isoformat()} for i in range(TAPS)]
            barrier.wait(timeout=30)
            for item in taps + [shared] + taps[:5]:
                response = client.post("/admin/servicecounts/taps/", json.dumps(item), content_type="application/json")
                statuses.append(response.status_code)
            undo = {"id": str(uuid.uuid4()), "undoes": taps[0]["id"], "delta": -1, "at": timezone.now().isoformat()}
            for _ in range(2):
                statuses.append(client.post("/admin/servicecounts/taps/", json.dumps({"taps": [undo]}),
                                            content_type="application/json").status_code)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=device, args=(n,)) for n in range(DEVICES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert errors == []
    assert set(statuses) == {200}
    by_indicator = dict(Count.objects.values("indicator").annotate(n=Sum("count")).values_list("indicator", "n"))
    # each device: 10 meals + 10 showers, minus one undone shower (taps[0] is a shower); plus the shared meal once
    assert by_indicator == {meals.pk: DEVICES * TAPS // 2 + 1, showers.pk: DEVICES * (TAPS // 2 - 1)}
    assert SeenTap.objects.filter(undoes__isnull=True).count() == DEVICES * TAPS + 1
    assert connection.vendor in ("postgresql", "sqlite")
