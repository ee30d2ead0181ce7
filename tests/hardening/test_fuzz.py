"""Hostile input to public forms and endpoints: always a clear answer below 500,
and nothing broken stored."""

import datetime as dt
import string

import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.enrollment.models import Enrollment
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401
from tests.plugins.enrollment.conftest import enrollment_on, next_session, offer_factory, workshop  # noqa: F401

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Lone surrogates cannot travel in a UTF-8 request at all; undecodable bytes are
# tested below with raw bodies.
any_char = st.characters(blacklist_categories=("Cs",))
hostile_text = st.one_of(
    st.text(alphabet=any_char, max_size=300),
    st.text(alphabet=string.printable, max_size=5000),
    st.sampled_from([
        "", " ", "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "%00",
        "😀" * 50, "a" * 10_000, "{{ 7*7 }}", "${jndi:ldap://x}", "\r\nSet-Cookie: x=y",
    ]),
)
query_values = st.one_of(hostile_text, st.integers().map(str), st.dates().map(str), st.just("2026-02-30"))


@given(code=hostile_text, contact=hostile_text, consent=st.sampled_from(["", "on", "yes", "\x00"]))
@FUZZ
def test_signup_form(client, enrollment_on, workshop, next_session, offer_factory, code, contact, consent):
    cache.clear()  # the rate limit would answer 429 after a while, which is fine but not what we test here
    if not hasattr(workshop, "_offer"):
        workshop._offer = offer_factory(workshop, capacity=1000)
    url = f"/ca/plugins/enrollment/{workshop.pk}/{next_session.stamp}/"
    before = Enrollment.objects.count()
    response = client.post(url, {"code": code, "contact": contact, "consent": consent})
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert Enrollment.objects.count() == before
    for enrollment in Enrollment.objects.all():
        assert 3 <= len(enrollment.code) <= 40
        assert "\x00" not in enrollment.code + enrollment.contact
        assert "<" not in enrollment.code


@given(start=query_values, end=query_values, lang=query_values, category=query_values)
@FUZZ
def test_agenda_json(client, home, start, end, lang, category):
    response = client.get("/api/agenda/occurrences.json", {"start": start, "end": end, "lang": lang, "category": category})
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response.json().get("error")


@given(day=query_values, room=query_values, audience=query_values)
@FUZZ
def test_agenda_pages(client, agenda_page, day, room, audience):
    for url in (f"/ca/agenda/week/{day}/", f"/ca/agenda/day/{day}/", f"/ca/agenda/list/", "/ca/agenda/"):
        response = client.get(url, {"room": room, "audience": audience, "from": day})
        assert response.status_code < 500, url


@given(q=hostile_text, page=query_values, substance=query_values)
@FUZZ
def test_search(client, home, q, page, substance):
    response = client.get("/ca/search/", {"q": q, "page": page, "substance": substance})
    assert response.status_code < 500


@given(token=st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=80))
@FUZZ
def test_private_links(client, home, token):
    assert client.get(f"/ca/plugins/enrollment/cancel/{token}/").status_code == 404
    assert client.get(f"/screen/{token}/").status_code == 404
    assert client.get(f"/screen/{token}/data.json").status_code == 404


def test_wrong_encoding_and_content_types(client, enrollment_on, workshop, next_session, offer_factory):
    offer_factory(workshop)
    url = f"/ca/plugins/enrollment/{workshop.pk}/{next_session.stamp}/"
    bad_bytes = client.generic("POST", url, b"code=\xff\xfe\xfa&contact=", content_type="application/x-www-form-urlencoded")
    assert bad_bytes.status_code in (400, 200)
    # Undecodable bytes arrive as Latin-1 letters: a strange code, but a valid one.
    from plugins.enrollment.services import code_validate

    for code in Enrollment.objects.values_list("code", flat=True):
        assert code_validate(code) == code
    before = Enrollment.objects.count()
    as_json = client.post(url, data='{"code": "lluna"}', content_type="application/json")
    assert as_json.status_code == 400
    assert Enrollment.objects.count() == before
    huge = client.post(url, {"code": "x" * 2_000_000})
    assert huge.status_code in (400, 413)
