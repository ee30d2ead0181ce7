"""The whole-page cache for anonymous visitors (safespace/page_cache.py).

Each change that a visitor must see at the next request is made the way the
site makes it (a publish, a service, a model saved in the admin) and the
very next anonymous request must show it; a hit is a response built without
one database query.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings

from agenda import services as agenda_services
from agenda.selectors import activity_upcoming
from plugins.enrollment import services as enrollment_services
from plugins.models import SitePlugins
from safespace import content_cache
from safespace.middleware import PUBLIC_POLICY
from tests.agenda.conftest import agenda_page, categories, closure_factory, make_activity, rooms, weekly  # noqa: F401
from tests.plugins.alerts.conftest import alert_factory, alert_index, alerts_on  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

MADRID = ZoneInfo("Europe/Madrid")
MONDAY_NOON = dt.datetime(2026, 3, 9, 12, 0, tzinfo=MADRID)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.SAFESPACE_PAGE_CACHE = True


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(MONDAY_NOON, tick=False)
    return time_machine


@pytest.fixture
def sewing(clock, make_activity):
    """Tuesdays 10:00–12:00 from 2 March 2026."""
    from safespace.models import SiteSettings

    page = make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1], start="10:00", end="12:00")])
    # Both are made at the first request otherwise, which is an edit.
    SiteSettings.for_site(page.get_site())
    SitePlugins.for_site(page.get_site())
    return page


def get_twice(client, url, **headers):
    first = client.get(url, **headers)
    second = client.get(url, **headers)
    return first, second


def test_anonymous_visitors_get_the_stored_page_without_a_query(client, sewing, django_assert_num_queries):
    first = client.get("/ca/agenda/")
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/ca/agenda/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_cached_pages_keep_the_strict_csp_and_security_headers(client, sewing):
    first, second = get_twice(client, "/ca/agenda/week/2026-03-09/")
    assert second["X-Cache"] == "hit"
    for response in (first, second):
        assert response["Content-Security-Policy"] == PUBLIC_POLICY
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "Cross-Origin-Resource-Policy" in response


def test_the_key_tells_languages_and_queries_apart(client, sewing):
    get_twice(client, "/ca/")
    assert client.get("/es/")["X-Cache"] == "miss"
    assert client.get("/ca/agenda/?category=care")["X-Cache"] == "miss"
    assert client.get("/ca/agenda/?category=care")["X-Cache"] == "hit"


def test_signed_in_staff_never_get_or_fill_the_cache(client, sewing, superuser, django_assert_max_num_queries):
    client.get("/ca/agenda/")  # anonymous: stored
    client.force_login(superuser)
    staff = client.get("/ca/agenda/")
    assert staff.status_code == 200 and "X-Cache" not in staff
    client.logout()
    client.cookies.clear()
    assert client.get("/ca/agenda/")["X-Cache"] == "hit"


def test_a_visitor_with_any_other_cookie_is_served_fresh(client, sewing):
    client.get("/ca/agenda/")
    client.cookies["messages"] = "something to show"
    assert "X-Cache" not in client.get("/ca/agenda/")


def test_pages_with_a_csrf_token_are_not_stored_and_hits_set_no_cookie(client, sewing):
    SitePlugins.objects.update_or_create(site_id=sewing.get_site().pk, defaults={"enabled": ["enrollment"]})
    enrollment_services.offer_save(offer=_offer(sewing))
    session = activity_upcoming(page=sewing, limit=1)[0]
    form_url = f"/ca/plugins/enrollment/{sewing.pk}/{session.stamp}/"
    first, second = get_twice(client, form_url)
    assert first.status_code == 200 and "csrfmiddlewaretoken" in first.content.decode()
    assert "X-Cache" not in first and "X-Cache" not in second
    client.cookies.clear()
    client.get(session.url)
    hit = client.get(session.url)
    assert hit["X-Cache"] == "hit"
    assert not hit.cookies and "csrfmiddlewaretoken" not in hit.content.decode()


def _offer(activity, capacity=3):
    from plugins.enrollment.models import Mode, Offer

    return Offer(activity_key=activity.translation_key, capacity=capacity, mode=Mode.OCCURRENCE)


def test_a_publish_shows_at_the_next_request(client, sewing):
    client.get(sewing.url)
    assert "Costura" in client.get(sewing.url).content.decode()
    sewing.title = "Costura i brodat"
    sewing.save_revision().publish()
    fresh = client.get(sewing.url)
    assert fresh["X-Cache"] == "miss" and "Costura i brodat" in fresh.content.decode()


def test_a_cancelled_session_shows_at_the_next_request(client, sewing):
    url = "/ca/agenda/week/2026-03-09/"
    get_twice(client, url)
    session = activity_upcoming(page=sewing, limit=1)[0]
    agenda_services.occurrence_cancel(event=session.event, original_start=session.original_start, reason="Vaga")
    html = client.get(url).content.decode()
    assert "occ--cancelled" in html and "Vaga" in html


def test_a_closure_shows_at_the_next_request(client, sewing, closure_factory):
    url = "/ca/agenda/week/2026-03-09/"
    get_twice(client, url)
    closure_factory(dt.date(2026, 3, 10), dt.date(2026, 3, 10), reason="Obres al local")
    html = client.get(url).content.decode()
    assert "occ--cancelled" in html and "Obres al local" in html


def test_a_signup_shows_in_places_left_at_the_next_request(client, sewing):
    SitePlugins.objects.update_or_create(site_id=sewing.get_site().pk, defaults={"enabled": ["enrollment"]})
    offer = _offer(sewing)
    enrollment_services.offer_save(offer=offer)
    session = activity_upcoming(page=sewing, limit=1)[0]
    assert "Queden 3 places" in get_twice(client, session.url)[1].content.decode()
    row = agenda_services.occurrence_persist(event=session.event, original_start=session.original_start)
    asked = []
    provider = lambda now: asked.append(now)  # noqa: E731 (announces nothing; counts the asking)
    content_cache.register_next_change(provider)
    try:
        client.get("/ca/agenda/")
        asked.clear()
        enrollment_services.enrollment_create(offer=offer, occurrence=row, session_start=session.start,
                                              session_end=session.end, code="lluna", contact="", consent=False)
        assert "Queden 2 places" in client.get(session.url).content.decode()
        # A sign-up moves no moment: the providers are not asked again (200 sign-ups at once
        # would each make the next page ask them); a schedule change does.
        assert asked == []
        agenda_services.occurrence_cancel(event=session.event, original_start=session.original_start, reason="Vaga")
        client.get("/ca/agenda/")
        assert len(asked) == 1
    finally:
        content_cache._next_change_providers.remove(provider)


def test_a_page_made_private_is_not_served_from_the_store(client, sewing):
    # Wagtail's privacy setting saves a restriction, not the page.
    from wagtail.models import PageViewRestriction

    assert get_twice(client, sewing.url)[1]["X-Cache"] == "hit"
    PageViewRestriction.objects.create(page=sewing, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(sewing.url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_happening_now_changes_when_the_session_starts_and_ends(client, sewing, clock):
    def now_box():
        html = client.get("/ca/agenda/").content.decode()
        return html.split('id="now-heading"')[1].split('id="next-heading"')[0]

    clock.move_to(dt.datetime(2026, 3, 10, 9, 59, tzinfo=MADRID), tick=False)
    assert "Costura" not in now_box()
    assert "Costura" not in now_box()  # stored, until 10:00
    clock.move_to(dt.datetime(2026, 3, 10, 10, 0, 1, tzinfo=MADRID), tick=False)
    assert "Costura" in now_box()
    clock.move_to(dt.datetime(2026, 3, 10, 11, 59, tzinfo=MADRID), tick=False)
    assert "Costura" in now_box()
    clock.move_to(dt.datetime(2026, 3, 10, 12, 0, 1, tzinfo=MADRID), tick=False)
    assert "Costura" not in now_box()


def test_a_plugin_reports_its_next_change(client, sewing, clock):
    """The door for plugins such as alerts: register_next_change(provider)."""
    boundary = dt.datetime(2026, 3, 9, 12, 30, tzinfo=MADRID)
    provider = lambda now: boundary if now < boundary else None  # noqa: E731
    content_cache.register_next_change(provider)
    try:
        content_cache.content_changed()
        get_twice(client, "/ca/")
        clock.move_to(dt.datetime(2026, 3, 9, 12, 29, tzinfo=MADRID), tick=False)
        assert client.get("/ca/")["X-Cache"] == "hit"
        clock.move_to(dt.datetime(2026, 3, 9, 12, 30, 1, tzinfo=MADRID), tick=False)
        assert client.get("/ca/")["X-Cache"] == "miss"
    finally:
        content_cache._next_change_providers.remove(provider)


@pytest.mark.parametrize("url", ["/ca/", "/ca/agenda/week/2026-03-09/", "/feeds/agenda.ics", "/api/agenda/occurrences.json?start=2026-03-09&end=2026-03-16"])
def test_revalidation_answers_304_without_rendering(client, sewing, url, django_assert_num_queries):
    client.get(url)  # the first visit ever also makes the site's settings rows
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Cache-Control"]
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    sewing.title = "Costura nova"
    sewing.save_revision().publish()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    if url.startswith("/ca/agenda") or url.endswith((".ics", ".json")):
        assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_the_cache_can_be_switched_off(client, sewing, settings):
    settings.SAFESPACE_PAGE_CACHE = False
    assert "X-Cache" not in get_twice(client, "/ca/agenda/")[1]
    assert django_settings.SAFESPACE_PAGE_CACHE is False


def test_the_signup_button_goes_when_the_window_closes(client, sewing, clock):
    """A moment only the enrollment plugin knows (closes 30 minutes before), not a session boundary."""
    SitePlugins.objects.update_or_create(site_id=sewing.get_site().pk, defaults={"enabled": ["enrollment"]})
    offer = _offer(sewing)
    offer.closes_minutes_before = 30
    enrollment_services.offer_save(offer=offer)
    clock.move_to(dt.datetime(2026, 3, 10, 9, 0, tzinfo=MADRID), tick=False)
    session = activity_upcoming(page=sewing, limit=1)[0]
    form_url = f"/ca/plugins/enrollment/{sewing.pk}/{session.stamp}/"
    assert form_url in get_twice(client, session.url)[1].content.decode()
    clock.move_to(dt.datetime(2026, 3, 10, 9, 30, 1, tzinfo=MADRID), tick=False)
    assert form_url not in client.get(session.url).content.decode()


def test_an_alert_banner_comes_and_goes_at_its_start_and_end(client, sewing, clock, alerts_on, alert_factory):
    alert_factory(valid_from=dt.datetime(2026, 3, 9, 12, 20, tzinfo=MADRID),
                  valid_until=dt.datetime(2026, 3, 9, 12, 40, tzinfo=MADRID))
    assert "alert-banner" not in get_twice(client, "/ca/")[1].content.decode()
    clock.move_to(dt.datetime(2026, 3, 9, 12, 20, 1, tzinfo=MADRID), tick=False)
    assert "alert-banner" in client.get("/ca/").content.decode()
    assert client.get("/ca/")["X-Cache"] == "hit"
    clock.move_to(dt.datetime(2026, 3, 9, 12, 40, 1, tzinfo=MADRID), tick=False)
    assert "alert-banner" not in client.get("/ca/").content.decode()
