import datetime as dt
import re

import pytest
from django.core.cache import cache

from plugins.enrollment.models import Enrollment, PrivateLink, Status
from plugins.models import SitePlugins
from safespace import roles

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def signup_url(workshop, session):
    return f"/ca/plugins/enrollment/{workshop.pk}/{session.stamp}/"


def test_occurrence_page_offers_signup_only_while_the_plugin_is_on(client, site, workshop, next_session, offer_factory):
    offer_factory(workshop, capacity=3)
    url = next_session.url
    assert "Queden 3 places" not in client.get(url).content.decode()
    SitePlugins.objects.update_or_create(site=site, defaults={"enabled": ["enrollment"]})
    html = client.get(url).content.decode()
    assert "Queden 3 places" in html
    assert signup_url(workshop, next_session) in html


def test_switched_off_plugin_urls_are_404(client, site, workshop, next_session, offer_factory):
    offer_factory(workshop)
    assert client.get(signup_url(workshop, next_session)).status_code == 404


def test_signup_form_suggests_a_code_and_confirms(client, enrollment_on, workshop, next_session, offer_factory):
    offer_factory(workshop, capacity=1)
    form = client.get(signup_url(workshop, next_session))
    assert form.status_code == 200
    suggested = re.search(r'name="code" id="id_code" value="([^"]+)"', form.content.decode()).group(1)
    assert re.match(r"^[\w-]+-\d\d$", suggested)

    done = client.post(signup_url(workshop, next_session), {"code": "Lluna Plena"})
    assert done.status_code == 200
    html = done.content.decode()
    assert "Tens plaça" in html
    token = Enrollment.objects.get().token
    assert f"/plugins/enrollment/cancel/{token}/" in html
    assert done["Cache-Control"].startswith("max-age=0")

    waiting = client.post(signup_url(workshop, next_session), {"code": "sol"})
    assert "Ets a la llista" in waiting.content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"code": ""}, "El teu codi"),
        ({"code": "<b>x</b>"}, "de 3 a 40 lletres"),
        ({"code": "lluna", "contact": "600 000 000"}, "Marca la casella"),
        ({"code": "lluna", "contact": "@@", "consent": "on"}, "no sembla correcta"),
        ({"code": "x" * 500}, "El teu codi"),
    ],
)
def test_bad_input_gets_a_400_with_a_message_and_stores_nothing(client, enrollment_on, workshop, next_session, offer_factory, data, message):
    offer_factory(workshop)
    response = client.post(signup_url(workshop, next_session), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Enrollment.objects.count() == 0
    assert PrivateLink.objects.count() == 0


def test_a_signup_and_its_form_read_few_queries(client, enrollment_on, workshop, next_session, offer_factory,
                                              django_assert_max_num_queries):
    """Issue 16: 200 people sign up at once. A sign-up took 23 queries and its form 11: the
    session read from a window of the agenda, the activity's locale three times, places
    counted for an answer that does not show them, the private link in a transaction of its own."""
    offer_factory(workshop, capacity=1)
    url = signup_url(workshop, next_session)
    client.post(url, {"code": "lluna"})  # the session's row; the site's settings (a new content version)
    client.get(url)  # the content cache
    with django_assert_max_num_queries(5):
        form = client.get(url)
    assert form.status_code == 200 and "Apunta" in form.content.decode()
    # Page, offer with its places, schedules, the session's row; in one transaction the
    # private link, the offer's lock, the count, the sign-up (and BEGIN, COMMIT).
    with django_assert_max_num_queries(11):
        waiting = client.post(url, {"code": "sol"})
    html = waiting.content.decode()
    assert "Ets a la llista" in html and "private-link__url" in html
    assert Enrollment.objects.filter(code="sol", status=Status.WAITING).exists()


def test_duplicate_code_is_refused_clearly(client, enrollment_on, workshop, next_session, offer_factory):
    offer_factory(workshop)
    client.post(signup_url(workshop, next_session), {"code": "lluna"})
    response = client.post(signup_url(workshop, next_session), {"code": "LLUNA"})
    assert response.status_code == 400
    assert "ja està inscrit" in response.content.decode()


def test_unknown_session_or_garbage_is_404_not_500(client, enrollment_on, workshop, next_session, offer_factory):
    offer_factory(workshop)
    assert client.get(f"/ca/plugins/enrollment/{workshop.pk}/2001-01-01-1800/").status_code == 404
    assert client.get(f"/ca/plugins/enrollment/999999/{next_session.stamp}/").status_code == 404
    assert client.get("/ca/plugins/enrollment/cancel/nope/").status_code == 404


def test_signups_are_rate_limited(client, enrollment_on, workshop, next_session, offer_factory):
    offer_factory(workshop, capacity=100)
    codes = [f"persona-{n}" for n in range(21)]
    statuses = [client.post(signup_url(workshop, next_session), {"code": code}).status_code for code in codes]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
    assert Enrollment.objects.count() == 20


def test_cancel_link_is_the_public_address(client, enrollment_on, workshop, next_session, offer_factory, settings):
    settings.SAFESPACE_PUBLIC_URL = "http://localhost:8104"
    offer_factory(workshop, capacity=1)
    html = client.post(signup_url(workshop, next_session), {"code": "lluna"}, HTTP_HOST="127.0.0.1").content.decode()
    token = Enrollment.objects.get().token
    assert f'href="http://localhost:8104/ca/plugins/enrollment/cancel/{token}/"' in html


def test_cancel_link_cancels_and_promotes(client, enrollment_on, workshop, next_session, offer_factory):
    offer_factory(workshop, capacity=1)
    client.post(signup_url(workshop, next_session), {"code": "lluna"})
    client.post(signup_url(workshop, next_session), {"code": "sol"})
    first = Enrollment.objects.get(code="lluna")
    url = f"/ca/plugins/enrollment/cancel/{first.token}/"
    assert "Sí, anul·la-la" in client.get(url).content.decode()
    assert client.post(url).status_code == 200
    assert dict(Enrollment.objects.values_list("code", "status")) == {"lluna": Status.CANCELLED, "sol": Status.CONFIRMED}


def test_codes_never_appear_on_public_pages_or_json(client, enrollment_on, workshop, next_session, offer_factory):
    offer_factory(workshop)
    client.post(signup_url(workshop, next_session), {"code": "secret-code-77"})
    pages = [next_session.url, workshop.url, "/ca/"]
    for url in pages:
        assert "secret-code-77" not in client.get(url).content.decode(), url
    day = next_session.start.date()
    api = client.get(f"/api/agenda/occurrences.json?start={day}&end={day + dt.timedelta(days=1)}")
    assert api.status_code == 200
    data = api.json()
    ours = [o for o in data["occurrences"] if o.get("extra", {}).get("enrollment")]
    assert ours and ours[0]["extra"]["enrollment"]["places_left"] == 1
    assert "secret-code-77" not in api.content.decode()


# --- Admin -------------------------------------------------------------------

def roster_url(offer, session):
    return f"/admin/enrollment/roster/{offer.pk}/{session.stamp}/"


def test_facilitators_see_rosters_and_others_do_not(client, enrollment_on, user_factory, workshop, next_session, offer_factory):
    offer = offer_factory(workshop)
    client.post(signup_url(workshop, next_session), {"code": "lluna"})
    comms = user_factory(groups=[roles.COMMUNICATIONS])
    client.force_login(comms)
    assert client.get(roster_url(offer, next_session)).status_code in (302, 403)
    assert client.get("/admin/enrollment/").status_code in (302, 403)

    facilitator = user_factory(groups=[roles.FACILITATORS])
    client.force_login(facilitator)
    assert "/admin/enrollment/" in client.get("/admin/").content.decode()
    response = client.get(roster_url(offer, next_session))
    assert response.status_code == 200
    assert "lluna" in response.content.decode()
    printable = client.get(roster_url(offer, next_session) + "?print=1")
    assert "lluna" in printable.content.decode()


def test_facilitator_enrols_on_behalf_and_promotes(client, enrollment_on, user_factory, workshop, next_session, offer_factory):
    offer = offer_factory(workshop, capacity=1)
    client.force_login(user_factory(groups=[roles.FACILITATORS]))
    url = roster_url(offer, next_session)
    client.post(url, {"action": "enrol", "code": "lluna"})
    client.post(url, {"action": "enrol", "code": "sol"})
    assert Enrollment.objects.get(code="sol").status == Status.WAITING
    bad = client.post(url, {"action": "enrol", "code": "lluna"})
    assert bad.status_code == 400
    lluna = Enrollment.objects.get(code="lluna")
    client.post(url, {"action": "cancel", "enrollment": lluna.pk})
    assert Enrollment.objects.get(code="sol").status == Status.CONFIRMED


def test_admin_menu_hides_enrollment_when_switched_off(client, site, user_factory, home):
    client.force_login(user_factory(groups=[roles.FACILITATORS]))
    assert "/admin/enrollment/" not in client.get("/admin/").content.decode()
    assert client.get("/admin/enrollment/").status_code == 404


def test_the_old_erase_address_leads_administrators_to_participant_data(client, enrollment_on, user_factory, home):
    client.force_login(user_factory(groups=[roles.FACILITATORS]))
    refused = client.get("/admin/enrollment/erase/")
    assert refused.status_code in (302, 403) and refused.get("Location") != "/admin/participant-data/"
    assert "/admin/participant-data/" not in client.get("/admin/enrollment/").content.decode()
    client.force_login(user_factory(groups=[roles.ADMINISTRATORS]))
    response = client.get("/admin/enrollment/erase/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/participant-data/"
    assert "/admin/participant-data/" in client.get("/admin/enrollment/").content.decode()


def test_facilitator_sets_up_an_offer(client, enrollment_on, user_factory, workshop):
    client.force_login(user_factory(groups=[roles.FACILITATORS]))
    form = client.get("/admin/enrollment/offers/new/")
    assert "Serigrafia" in form.content.decode()
    bad = client.post("/admin/enrollment/offers/new/", {"activity": str(workshop.translation_key), "mode": "occurrence", "capacity": "0", "opens_days_before": "7", "closes_minutes_before": "0"})
    assert bad.status_code == 400
    ok = client.post("/admin/enrollment/offers/new/", {"activity": str(workshop.translation_key), "mode": "occurrence", "capacity": "8", "opens_days_before": "7", "closes_minutes_before": "0", "waiting_list": "on", "active": "on"})
    assert ok.status_code == 302
    from plugins.enrollment.models import Offer

    assert Offer.objects.get().capacity == 8


def test_activity_edit_form_shows_the_signup_panel_while_the_plugin_is_on(client, site, user_factory, workshop, offer_factory):
    client.force_login(user_factory(groups=[roles.FACILITATORS]))
    url = f"/admin/pages/{workshop.pk}/edit/"
    assert "Inscripció" not in client.get(url).content.decode()
    SitePlugins.objects.update_or_create(site=site, defaults={"enabled": ["enrollment"]})
    html = client.get(url).content.decode()
    assert "Aquesta activitat no té inscripció" in html
    assert f"?activity={workshop.translation_key}" in html
    offer_factory(workshop, capacity=9)
    assert "9 places" in client.get(url).content.decode()


def test_json_with_places_costs_the_same_queries_for_one_week_or_six(client, enrollment_on, workshop, next_session, offer_factory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    offer_factory(workshop)
    client.post(signup_url(workshop, next_session), {"code": "lluna"})
    day = next_session.start.date()

    def queries(days):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/agenda/occurrences.json?start={day}&end={day + dt.timedelta(days=days)}")
        sessions = [o for o in response.json()["occurrences"] if o.get("extra", {}).get("enrollment")]
        return len(captured), len(sessions)

    queries(7)  # fills the content cache (categories, rooms, plugin switches)
    one_week, sessions_one = queries(7)
    six_weeks, sessions_six = queries(42)
    assert (sessions_one, sessions_six) == (1, 6)
    assert six_weeks == one_week


@pytest.mark.clock
def test_places_left_stop_at_the_start_of_a_session(client, enrollment_on, workshop, next_session, offer_factory,
                                                    time_machine):
    """The probe read capacity minus places left on sessions that were over: exact sign-up counts below 5."""
    offer_factory(workshop, capacity=12)
    client.post(signup_url(workshop, next_session), {"code": "lluna"})
    day = next_session.start.date()
    api_url = f"/api/agenda/occurrences.json?start={day}&end={day + dt.timedelta(days=1)}"

    def places_in_json():
        return [o["extra"]["enrollment"] for o in client.get(api_url).json()["occurrences"] if o.get("extra", {}).get("enrollment")]

    assert places_in_json()[0]["places_left"] == 11
    assert "Queden 11 places" in client.get(next_session.url).content.decode()
    for moment in (next_session.start, next_session.end + dt.timedelta(days=2)):
        time_machine.move_to(moment, tick=False)
        assert places_in_json() == []
        for url in (next_session.url, signup_url(workshop, next_session)):
            html = client.get(url).content.decode()
            assert "Queden" not in html and "Queda " not in html and "Complet" not in html, url
