"""A code's private page ("my sign-ups"): the link, the list, cancel, calendar, forget me."""

import datetime as dt
import re

import icalendar
import pytest
from django.core.cache import cache

from agenda.selectors import activity_upcoming
from plugins.enrollment import services
from plugins.enrollment.models import Enrollment, PrivateLink, Status
from safespace import roles
from safespace import services as site_services

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

MINE = re.compile(r'class="private-link__url" href="[^"]*/ca/plugins/enrollment/mine/([A-Za-z0-9_-]+)/"')


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def two_sessions(workshop):
    return activity_upcoming(page=workshop, limit=2)


@pytest.fixture
def offer(enrollment_on, workshop, offer_factory):
    return offer_factory(workshop, capacity=1, opens_days_before=14)


def signup_url(workshop, session):
    return f"/ca/plugins/enrollment/{workshop.pk}/{session.stamp}/"


def sign_up(client, workshop, session, code):
    response = client.post(signup_url(workshop, session), {"code": code})
    assert response.status_code == 200, response.content.decode()[:2000]
    return response


def private_token(response) -> str | None:
    found = MINE.search(response.content.decode())
    return found.group(1) if found else None


def test_the_confirmation_shows_a_private_link_and_its_qr_and_keeps_only_a_hash(client, offer, workshop, two_sessions):
    done = sign_up(client, workshop, two_sessions[0], "Lluna Plena")
    token = private_token(done)
    assert token and len(token) >= 40
    html = done.content.decode()
    assert "<svg" in html and "private-link__qr" in html
    assert "lluna" not in MINE.search(html).group(0).lower()  # the code is not in the link
    assert token in html.split("private-link__qr")[0]
    link = PrivateLink.objects.get()
    assert link.code == "lluna-plena"
    assert link.token_hash == services.token_hash(token) and token not in link.token_hash
    assert done["Referrer-Policy"] == "no-referrer"
    assert "no-store" in done["Cache-Control"]


def test_typing_a_code_that_has_a_link_never_shows_or_replaces_it(client, offer, workshop, two_sessions):
    token = private_token(sign_up(client, workshop, two_sessions[0], "lluna"))
    before = PrivateLink.objects.get().token_hash
    again = sign_up(client, workshop, two_sessions[1], "lluna")
    assert private_token(again) is None
    assert "private-link__existing" in again.content.decode()
    assert PrivateLink.objects.get().token_hash == before
    assert client.get(f"/ca/plugins/enrollment/mine/{token}/").status_code == 200


def test_a_refused_signup_makes_no_private_link(client, enrollment_on, workshop, two_sessions, offer_factory):
    """The link is written in the sign-up's transaction: a refusal takes it back."""
    offer_factory(workshop, capacity=1, waiting_list=False, opens_days_before=14)
    sign_up(client, workshop, two_sessions[0], "lluna")
    full = client.post(signup_url(workshop, two_sessions[0]), {"code": "sol"})
    assert full.status_code == 400 and private_token(full) is None
    assert list(PrivateLink.objects.values_list("code", flat=True)) == ["lluna"]
    assert private_token(sign_up(client, workshop, two_sessions[1], "sol"))
    assert PrivateLink.objects.filter(code="sol").count() == 1


def test_the_page_lists_coming_places_and_waiting_lists_of_its_code_only(client, offer, workshop, two_sessions):
    sign_up(client, workshop, two_sessions[0], "sol")  # takes the only place of the first session
    token = private_token(sign_up(client, workshop, two_sessions[0], "lluna"))  # waiting
    sign_up(client, workshop, two_sessions[1], "lluna")  # a place
    page = client.get(f"/ca/plugins/enrollment/mine/{token}/")
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert html.count('class="mine__item"') == 2
    sol = Enrollment.objects.get(code="sol")
    assert f'value="{sol.pk}"' not in html


def test_cancel_from_the_page_frees_the_place_and_cannot_touch_another_code(client, offer, workshop, two_sessions):
    token = private_token(sign_up(client, workshop, two_sessions[0], "lluna"))
    sign_up(client, workshop, two_sessions[0], "sol")  # waiting
    url = f"/ca/plugins/enrollment/mine/{token}/"
    sol = Enrollment.objects.get(code="sol")
    refused = client.post(url, {"action": "cancel", "enrollment": sol.pk})
    assert refused.status_code == 400
    assert Enrollment.objects.get(code="sol").status == Status.WAITING
    for garbage in ("", "x", "9" * 40, "-1"):
        assert client.post(url, {"action": "cancel", "enrollment": garbage}).status_code == 400
    lluna = Enrollment.objects.get(code="lluna")
    done = client.post(url, {"action": "cancel", "enrollment": lluna.pk})
    assert done.status_code == 200
    assert dict(Enrollment.objects.values_list("code", "status")) == {"lluna": Status.CANCELLED, "sol": Status.CONFIRMED}
    assert 'class="mine__item"' not in done.content.decode()


def test_replacing_the_link_kills_the_old_one(client, offer, workshop, two_sessions):
    old = private_token(sign_up(client, workshop, two_sessions[0], "lluna"))
    replaced = client.post(f"/ca/plugins/enrollment/mine/{old}/", {"action": "replace"})
    assert replaced.status_code == 200
    assert replaced["Referrer-Policy"] == "no-referrer"
    new = private_token(replaced)
    assert new and new != old
    assert client.get(f"/ca/plugins/enrollment/mine/{old}/").status_code == 404
    assert client.get(f"/ca/plugins/enrollment/mine/{new}/").status_code == 200
    assert PrivateLink.objects.count() == 1


def test_a_bad_token_is_a_clear_404_and_guessing_is_rate_limited(client, offer, workshop, two_sessions):
    sign_up(client, workshop, two_sessions[0], "lluna")
    for path in ("", "calendar.ics", "forget/"):
        response = client.get(f"/ca/plugins/enrollment/mine/nope-{path.strip('/.')}/{path}")
        assert response.status_code == 404
        assert "enllaç privat" in response.content.decode().lower()  # the Catalan page says the private link does not work
    # The code itself opens nothing.
    assert client.get("/ca/plugins/enrollment/mine/lluna/").status_code == 404
    statuses = [client.get(f"/ca/plugins/enrollment/mine/guess-{n}/").status_code for n in range(25)]
    assert 429 in statuses and statuses[0] == 404


def test_the_calendar_file_has_every_coming_signup_with_two_alarms(client, offer, workshop, two_sessions):
    token = private_token(sign_up(client, workshop, two_sessions[0], "lluna"))
    sign_up(client, workshop, two_sessions[1], "lluna")
    response = client.get(f"/ca/plugins/enrollment/mine/{token}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    cal = icalendar.Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [s.start for s in two_sessions]
    for event in events:
        assert str(event["summary"]).startswith("Serigrafia")
        triggers = sorted(a.decoded("trigger") for a in event.walk("VALARM"))
        assert triggers == [-dt.timedelta(days=1), -dt.timedelta(hours=1)]
    assert "lluna" not in response.content.decode()


def test_forget_me_asks_first_then_erases_everything_through_the_participant_data_service(client, offer, workshop, two_sessions):
    token = private_token(sign_up(client, workshop, two_sessions[0], "lluna"))
    sign_up(client, workshop, two_sessions[0], "sol")
    url = f"/ca/plugins/enrollment/mine/{token}/forget/"
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 400
    assert Enrollment.objects.filter(code="lluna").exists()
    done = client.post(url, {"confirm": "yes"})
    assert done.status_code == 200
    assert not Enrollment.objects.filter(code="lluna").exists()
    assert not PrivateLink.objects.filter(code="lluna").exists()
    assert Enrollment.objects.filter(code="sol").exists()
    assert client.get(f"/ca/plugins/enrollment/mine/{token}/").status_code == 404


def test_data_rights_cover_private_links(client, offer, workshop, two_sessions):
    sign_up(client, workshop, two_sessions[0], "lluna")
    exported = site_services.participant_export(code="lluna")["data"]["enrollment"]
    assert len(exported["private_links"]) == 1 and "token" not in str(exported["private_links"])
    assert site_services.participant_erase(code="lluna")["enrollment"] == 2
    assert not PrivateLink.objects.exists()


def test_retention_forgets_links_of_codes_with_nothing_left(site, enrollment_on, workshop, offer_factory):
    offer_factory(workshop)
    services.private_link_issue(site=site, code="lluna")
    now = dt.datetime.now(dt.UTC)
    assert services.private_links_purge(now=now + dt.timedelta(days=10), keep_days=90) == 0
    assert services.private_links_purge(now=now + dt.timedelta(days=100), keep_days=90) == 1
    assert not PrivateLink.objects.exists()


def test_staff_issue_a_new_link_from_the_roster(client, offer, workshop, two_sessions, user_factory):
    old = private_token(sign_up(client, workshop, two_sessions[0], "lluna"))
    roster = f"/admin/enrollment/roster/{offer.pk}/{two_sessions[0].stamp}/"
    lluna = Enrollment.objects.get(code="lluna")
    client.force_login(user_factory(groups=[roles.COMMUNICATIONS]))
    assert client.post(roster, {"action": "link", "enrollment": lluna.pk}).status_code in (302, 403)
    assert client.get(f"/ca/plugins/enrollment/mine/{old}/").status_code == 200
    client.force_login(user_factory(groups=[roles.FACILITATORS]))
    response = client.post(roster, {"action": "link", "enrollment": lluna.pk}, follow=True)
    new = re.search(r"/plugins/enrollment/mine/([A-Za-z0-9_-]+)/", response.content.decode()).group(1)
    assert client.get(f"/ca/plugins/enrollment/mine/{old}/").status_code == 404
    assert client.get(f"/ca/plugins/enrollment/mine/{new}/").status_code == 200


def test_changes_from_the_page_are_rate_limited_like_signups(client, offer, workshop, two_sessions, settings):
    settings.ENROLLMENT_RATE = "2/10m"
    token = private_token(sign_up(client, workshop, two_sessions[0], "lluna"))
    url = f"/ca/plugins/enrollment/mine/{token}/"
    statuses = [client.post(url, {"action": "cancel", "enrollment": "0"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]


def test_pages_with_a_token_never_enter_the_page_cache(client, offer, workshop, two_sessions, settings):
    from django.test import Client

    token = private_token(sign_up(client, workshop, two_sessions[0], "lluna"))
    settings.SAFESPACE_PAGE_CACHE = True
    visitor = Client()  # anonymous, no cookie: what the page cache would store
    for path in ("", "calendar.ics", "forget/"):
        for _ in range(2):
            response = visitor.get(f"/ca/plugins/enrollment/mine/{token}/{path}")
            assert response.status_code == 200
            assert "X-Cache" not in response, path
            assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "no-referrer"


def test_forms_still_post_under_no_referrer(client, offer, workshop, two_sessions):
    """Under no-referrer a browser posts with "Origin: null": the sign-up form itself must
    not send that policy, and the private page's forms (whose address is the secret) are
    not refused by the CSRF check."""
    from django.test import Client

    form = client.get(signup_url(workshop, two_sessions[0]))
    assert form.get("Referrer-Policy") != "no-referrer"
    token = private_token(sign_up(client, workshop, two_sessions[0], "lluna"))
    browser = Client(enforce_csrf_checks=True)
    lluna = Enrollment.objects.get(code="lluna")
    response = browser.post(f"/ca/plugins/enrollment/mine/{token}/", {"action": "cancel", "enrollment": lluna.pk},
                            HTTP_ORIGIN="null")
    assert response.status_code == 200
    assert Enrollment.objects.get(code="lluna").status == Status.CANCELLED
    forget = browser.post(f"/ca/plugins/enrollment/mine/{token}/forget/", {"confirm": "yes"}, HTTP_ORIGIN="null")
    assert forget.status_code == 200 and not PrivateLink.objects.exists()
