import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from plugins.enrollment.models import Enrollment
from safespace.services import participant_erase, participant_export, retention_apply
from tests.plugins.enrollment.conftest import next_session, offer_factory, signed_up, workshop  # noqa: F401
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_export_gathers_a_code_from_every_plugin(signed_up):
    data = participant_export(code=" LLUNA ")
    assert data["code"] == "lluna"
    assert len(data["data"]["enrollment"]["enrollments"]) == 1
    assert data["data"]["enrollment"]["enrollments"][0]["contact"] == "+34 600 000 000"
    assert participant_export(code="nobody")["data"] == {}


def test_erase_removes_a_code_everywhere_and_nothing_else(signed_up):
    erased = participant_erase(code="Lluna")
    assert erased["enrollment"] == 1
    assert sum(erased.values()) == 1
    assert list(Enrollment.objects.values_list("code", flat=True)) == ["sol"]


def test_a_code_typed_with_spaces_and_capitals_finds_what_the_sign_up_form_stored(signed_up):
    from plugins.enrollment.services import enrollment_create

    lluna = Enrollment.objects.get(code="lluna")
    enrollment_create(offer=lluna.offer, occurrence=lluna.occurrence, session_start=lluna.session_start,
                      session_end=lluna.session_end, code="Gat Negre", by_staff=True)
    assert Enrollment.objects.filter(code="gat-negre").exists()
    assert participant_export(code="GAT - negre")["data"]["enrollment"]["enrollments"]
    assert participant_erase(code=" gat  negre ")["enrollment"] == 1
    assert not Enrollment.objects.filter(code="gat-negre").exists()


def test_commands(signed_up):
    out = StringIO()
    call_command("participant_export", "lluna", stdout=out)
    assert json.loads(out.getvalue())["data"]["enrollment"]["enrollments"]
    call_command("participant_erase", "lluna", "--yes", stdout=StringIO())
    assert not Enrollment.objects.filter(code="lluna").exists()


def test_retention_runs_every_rule(signed_up):
    summary = retention_apply(now=signed_up.end + dt.timedelta(minutes=1))
    assert summary["enrollment"]["contacts_forgotten"] == 1
    assert not Enrollment.objects.exclude(contact="").exists()
    out = StringIO()
    call_command("retention", stdout=out)
    assert "enrollment" in json.loads(out.getvalue())


def test_admin_exports_and_erases_a_code_across_plugins(client, signed_up, user_factory):
    from safespace import roles

    client.force_login(user_factory(groups=[roles.FACILITATORS]))
    assert client.get("/admin/participant-data/").status_code in (302, 403)
    refused = client.post("/admin/participant-data/", {"code": "lluna", "action": "erase", "confirm": "on"})
    assert refused.status_code in (302, 403)
    assert Enrollment.objects.filter(code="lluna").exists()

    client.force_login(user_factory(groups=[roles.ADMINISTRATORS]))
    assert client.get("/admin/participant-data/").status_code == 200
    export = client.post("/admin/participant-data/", {"code": "LLUNA", "action": "export"})
    assert export["Content-Disposition"] == 'attachment; filename="participant-lluna.json"'
    data = json.loads(export.content)
    assert data["data"]["enrollment"]["enrollments"][0]["contact"] == "+34 600 000 000"

    unconfirmed = client.post("/admin/participant-data/", {"code": "lluna", "action": "erase"})
    assert unconfirmed.status_code == 400
    assert Enrollment.objects.filter(code="lluna").exists()
    done = client.post("/admin/participant-data/", {"code": "lluna", "action": "erase", "confirm": "on"})
    assert done.status_code == 302
    assert not Enrollment.objects.filter(code="lluna").exists()
    assert Enrollment.objects.filter(code="sol").exists()
