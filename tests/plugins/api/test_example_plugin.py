"""The example plugin (examples/safespace-hello) does what the walkthrough in plugins/README.md says:
a public page that follows the switch, and data rights for the participant codes it keeps."""

import datetime as dt

import pytest
from django.utils import timezone

from safespace import services

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
PAGE = "/ca/plugins/safespace_hello/"


def test_the_public_page_keeps_a_normalised_code_and_follows_the_switch(client, home, site, switch):
    from safespace_hello.models import Visit

    assert client.get(PAGE).status_code == 404
    switch(site, "safespace_hello")
    assert client.get(PAGE).status_code == 200
    assert client.post(PAGE, {"code": "  Gat  Negre "}).status_code == 302
    assert list(Visit.objects.values_list("code", flat=True)) == ["gat-negre"]
    refused = client.post(PAGE, {"code": "x"})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.content.decode()
    switch(site, "safespace_hello", on=False)
    assert client.post(PAGE, {"code": "mar-blau"}).status_code == 404
    assert Visit.objects.count() == 1


def test_its_visits_are_exported_erased_and_expired_even_while_it_is_off(home, site, time_machine):
    from safespace_hello.models import Visit

    time_machine.move_to(dt.datetime(2026, 3, 31, 21, 30, tzinfo=dt.timezone.utc), tick=False)  # 23:30 Madrid
    now = timezone.now()
    Visit.objects.create(code="gat-negre", at=now - dt.timedelta(hours=1))
    Visit.objects.create(code="mar-blau", at=now - dt.timedelta(hours=1))
    exported = services.participant_export(code="Gat Negre")
    assert exported["data"]["safespace_hello"] == {"visits": [(now - dt.timedelta(hours=1)).isoformat()]}
    assert services.participant_erase(code="gat negre")["safespace_hello"] == 1
    assert list(Visit.objects.values_list("code", flat=True)) == ["mar-blau"]
    # Kept 30 whole local days: a visit of 1 March (local) goes at 1 April's local midnight, not before.
    old = Visit.objects.create(code="vell", at=dt.datetime(2026, 2, 28, 23, 30, tzinfo=dt.timezone.utc))  # 1 March, local
    assert services.retention_apply(now=now)["safespace_hello"] == {"visits_forgotten": 0}
    assert services.retention_apply(now=now + dt.timedelta(hours=1))["safespace_hello"] == {"visits_forgotten": 1}
    assert not Visit.objects.filter(pk=old.pk).exists()
