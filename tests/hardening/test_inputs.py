"""Inputs that once gave a 500: each now gets a 4xx with a clear message.

One test per class of input found by fuzzing in production mode (issue 14);
test_fuzz.py then throws many variations of each at the same endpoints.
"""

import contextlib
import io
import json
import uuid
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from plugins.servicecounts.models import Count
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401
from tests.plugins.enrollment.conftest import enrollment_on, next_session, offer_factory, workshop  # noqa: F401
from tests.plugins.servicecounts.conftest import counter, counter_client, indicator_factory, servicecounts_on  # noqa: F401

pytestmark = pytest.mark.django_db
TAPS = "/admin/servicecounts/taps/"


# --- Dates out of range in addresses -----------------------------------------

@pytest.mark.parametrize("stamp", ["0001-12-30-0000", "0001-01-01-0000", "9999-12-31-1030", "9999-12-31-2359"])
def test_occurrence_and_signup_addresses_with_far_dates_are_404(client, enrollment_on, workshop, offer_factory, stamp):
    offer_factory(workshop)
    occurrence = client.get(f"{workshop.url}{stamp}/")
    assert occurrence.status_code == 404
    signup = client.get(f"/ca/plugins/enrollment/{workshop.pk}/{stamp}/")
    assert signup.status_code == 404
    assert client.post(f"/ca/plugins/enrollment/{workshop.pk}/{stamp}/", {"code": "lluna"}).status_code == 404


# --- The agenda's JSON: offsets and ranges -----------------------------------

@pytest.mark.parametrize("start, end", [
    ("2026-01-01T00:00:00+23:59", "2026-01-03"),  # Python takes it, PostgreSQL refuses it
    ("2026-01-01T00:00:00-23:59", "2026-01-03T00:00:00+15:00"),
    ("2026-01-01", "2026-01-03T00:00:00+14:59"),
])
def test_agenda_json_takes_any_offset_python_takes(client, home, start, end):
    response = client.get("/api/agenda/occurrences.json", {"start": start, "end": end})
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 0


@pytest.mark.parametrize("start", [
    "2026-01-01T00:00:00+99:00", "2026-01-01T25:00:00", "2026-13-01", "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-23:59", "2026-01-01T00:00:00+24:00", "\u0661\u0669\u0660\u0660-01-01",
])
def test_agenda_json_refuses_what_is_not_a_moment_with_a_json_400(client, home, start):
    response = client.get("/api/agenda/occurrences.json", {"start": start, "end": "2026-02-01"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "start" in response.json()["error"]


# --- NUL bytes ----------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/ca/plugins/enrollment/cancel/%00/",
    "/ca/plugins/enrollment/cancel/abc%00def/",
    "/screen/%00/",
    "/screen/%00/data.json",
    "/ca/agenda/%00/",
    "/api/agenda/occurrences.json?start=2026-01-01&end=2026-01-02&category=%00",
    "/ca/search/?q=%00",
    "/ca/?x=%00",
    "/feeds/agenda/category/a%00.ics",
])
def test_nul_bytes_in_addresses_are_a_400(client, enrollment_on, agenda_page, url):
    response = client.get(url)
    assert response.status_code == 400, url
    if ".json" in url:
        assert "NUL" in response.json()["error"] or "caràcter" in response.json()["error"]


def test_nul_bytes_in_forms_and_cookies_are_a_400(client, enrollment_on, workshop, next_session, offer_factory):
    offer_factory(workshop)
    url = f"/ca/plugins/enrollment/{workshop.pk}/{next_session.stamp}/"
    assert client.post(url, {"code": "lluna\x00"}).status_code == 400
    assert client.post(url, {"code": "lluna", "extra\x00": "x"}).status_code == 400
    # A quoted cookie value may carry octal escapes, which Django decodes: \000 is NUL.
    assert client.get(url, HTTP_COOKIE='sessionid="\\000\\000\\000\\000\\000\\000\\000\\000"').status_code == 400
    from plugins.enrollment.models import Enrollment

    assert Enrollment.objects.count() == 0


# --- The tally API --------------------------------------------------------------

def _tap(indicator, **fields):
    return {"id": str(uuid.uuid4()), "indicator": indicator.pk, "delta": 1, "at": timezone.now().isoformat(), **fields}


def _total(indicator):
    return Count.objects.filter(indicator=indicator).aggregate(n=Sum("count"))["n"] or 0


@pytest.mark.parametrize("at", [
    "2026-01-01T25:00:00Z", "2026-01-01T10:00:00+99:00", "2026-02-30T10:00:00Z", "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-23:59", "2026-01-01T10:00:00+24:00",
])
def test_tally_refuses_a_tap_with_a_bad_time_and_keeps_the_rest(counter_client, servicecounts_on, indicator_factory, at):
    meals = indicator_factory()
    good, bad = _tap(meals), _tap(meals, at=at)
    response = counter_client.post(TAPS, json.dumps({"taps": [good, bad]}), content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["index"], e["id"], e["field"]) for e in errors] == [(1, bad["id"], "at")]
    # The rest of the batch is kept: the good tap is counted at once...
    assert response.json()["saved"] == 1 and response.json()["results"] == [{"id": good["id"], "status": "counted"}]
    assert _total(meals) == 1
    # ...and a device that sends it again anyway does not count it twice.
    again = counter_client.post(TAPS, json.dumps({"taps": [good]}), content_type="application/json")
    assert again.status_code == 200 and again.json()["results"][0]["status"] == "duplicate"
    assert _total(meals) == 1


def test_tally_counts_a_tap_with_an_offset_postgresql_refuses(counter_client, servicecounts_on, indicator_factory):
    meals = indicator_factory()
    import datetime as dt

    far_east = timezone.now().astimezone(dt.timezone(dt.timedelta(hours=23, minutes=59))).isoformat()
    response = counter_client.post(TAPS, json.dumps(_tap(meals, at=far_east)), content_type="application/json")
    assert response.status_code == 200, response.content
    assert _total(meals) == 1


def test_tally_refuses_json_nested_too_deep_with_a_400(counter_client, servicecounts_on, indicator_factory):
    body = "[" * 5000 + "]" * 5000
    response = counter_client.post(TAPS, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
    nested = '{"taps": [' + '{"a": ' * 5000 + "1" + "}" * 5000 + "]}"
    assert counter_client.post(TAPS, nested, content_type="application/json").status_code == 400


# --- The Django admin is gone -------------------------------------------------------

@pytest.mark.parametrize("path", ["/django-admin/", "/django-admin/login/", "/django-admin/r/69/1/"])
def test_there_is_no_django_admin(client, home, path):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(path, follow=True).status_code == 404


# --- Decompression bombs ------------------------------------------------------------

def bomb_png(size=(10_000, 10_000)) -> bytes:
    """A PNG of size[0] × size[1] black pixels: about 12 KiB on disk, 100 million pixels in memory."""
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("1", size).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def test_an_image_with_too_many_pixels_is_refused_with_a_clear_message():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.hardening.test_uploads import image_form

    data = bomb_png()
    assert len(data) < 64 * 1024
    form = image_form(SimpleUploadedFile("bomb.png", data, content_type="image/png"))
    assert not form.is_valid()
    assert "píxels" in str(form.errors["file"]) or "pixels" in str(form.errors["file"])


def test_an_ordinary_photo_size_is_accepted():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.hardening.test_uploads import image_form

    form = image_form(SimpleUploadedFile("photo.png", bomb_png((6000, 4000)), content_type="image/png"))
    assert form.is_valid(), form.errors


def test_a_decompression_bomb_met_anywhere_is_a_400(client, home, settings):
    """An image stored before the limit, then thumbnailed in the admin."""
    from django.core.files.base import ContentFile
    from wagtail.images.models import Image

    from tests.factories import UserFactory

    from django.core.files.storage import default_storage

    name = default_storage.save("original_images/bomb.png", ContentFile(bomb_png()))
    image = Image.objects.create(title="bomb", file=name, width=10_000, height=10_000)
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.get(f"/admin/images/{image.pk}/")
    assert response.status_code == 400
    assert "píxels" in response.content.decode() or "pixels" in response.content.decode()


# --- The database is down -------------------------------------------------------------

@contextlib.contextmanager
def database_down():
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at \"127.0.0.1\", port 5432 failed: Connection refused")

    with mock.patch.object(CursorWrapper, "execute", refuse), mock.patch.object(CursorWrapper, "executemany", refuse):
        yield


def test_json_endpoints_answer_json_when_the_database_is_down(home, counter, servicecounts_on, indicator_factory):
    from screen.models import Screen

    meals = indicator_factory()
    screen = Screen.objects.create(name="Hall")
    browser = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    staff.force_login(counter)
    requests = [
        lambda: browser.get("/api/agenda/occurrences.json", {"start": "2026-01-01", "end": "2026-01-02"}),
        lambda: browser.get(f"/screen/{screen.token}/data.json"),
        lambda: staff.post(TAPS, json.dumps(_tap(meals)), content_type="application/json"),
        lambda: browser.get("/ca/agenda/", HTTP_ACCEPT="application/json"),
    ]
    with database_down():
        responses = [make() for make in requests]
    for response in responses:
        assert response.status_code == 503, response.content[:200]
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["error"]
    with database_down():
        page = browser.get("/ca/agenda/")
    assert page.status_code == 503
    assert page["Content-Type"].startswith("text/html")
