import datetime as dt
import re

import pytest
from django.dispatch import receiver
from django.utils.html import format_html

from agenda import signals
from tests.agenda.conftest import weekly

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def sewing(make_activity):
    return make_activity("Costura", slots=[weekly(dt.date(2026, 3, 2), [1])], changes=[
        {"kind": "cancel", "original_date": dt.date(2026, 3, 17), "reason": "La formadora està malalta"},
        {"kind": "move", "original_date": dt.date(2026, 3, 24), "new_start_time": dt.time(19), "new_end_time": dt.time(21), "reason": "Assemblea abans"},
    ])


def test_week_view_shows_cancelled_and_moved_sessions(sewing, client):
    html = client.get("/ca/agenda/week/2026-03-18/").content.decode()  # any day of the week
    assert "<time datetime=\"2026-03-16\">" in html  # weeks start on Monday
    assert "occ--cancelled" in html and "La formadora està malalta" in html
    html = client.get("/ca/agenda/week/2026-03-23/").content.decode()
    assert "occ--moved" in html and 'datetime="2026-03-24T19:00:00+01:00"' in html
    assert 'rel="prev" href="/ca/agenda/week/2026-03-16/"' in html
    assert 'rel="next" href="/ca/agenda/week/2026-03-30/"' in html


def test_day_month_and_list_views(sewing, client):
    assert "Costura" in client.get("/ca/agenda/day/2026-03-10/").content.decode()
    assert "Costura" not in client.get("/ca/agenda/day/2026-03-11/").content.decode()
    month = client.get("/ca/agenda/month/2026-03/").content.decode()
    assert month.count('<li class="occ') == 5 and 'href="/ca/agenda/month/2026-04/"' in month
    listing = client.get("/ca/agenda/list/?from=2026-03-01").content.decode()
    assert listing.count('<li class="occ') == 4  # 28 days: 3, 10, 17 and 24 March


def test_occurrence_page_is_permanent_and_shows_changes(sewing, client):
    moved = client.get(f"{sewing.url}2026-03-24-1800/")
    assert moved.status_code == 200
    text = moved.content.decode()
    assert "notice--moved" in text and "Assemblea abans" in text and 'datetime="2026-03-24T19:00:00+01:00"' in text
    cancelled = client.get(f"{sewing.url}2026-03-17-1800/").content.decode()
    assert "notice--cancelled" in cancelled
    assert client.get(f"{sewing.url}2026-03-18-1800/").status_code == 404
    assert client.get(f"{sewing.url}2026-02-31-1800/").status_code == 404


@pytest.mark.parametrize("url", [
    "/ca/agenda/week/2026-13-01/",
    "/ca/agenda/day/2026-02-30/",
    "/ca/agenda/month/2026-00/",
    "/ca/agenda/week/1066-10-14/",
    "/ca/agenda/list/?from=yesterday",
    "/ca/agenda/?category=nope",
    "/ca/agenda/?room=nowhere",
    "/ca/agenda/?audience=everyone",
    "/ca/agenda/?language=tlh",
])
def test_bad_input_answers_400_with_a_message(sewing, client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("query", [
    "", "start=2026-03-01", "start=2026-03-01&end=nope", "start=2026-03-10&end=2026-03-01",
    "start=2026-01-01&end=2028-01-01", "start=2026-03-01&end=2026-03-08&lang=xx",
    "start=2026-03-01&end=2026-03-08&category=nope", "start=2026-03-01T25:00&end=2026-03-08",
])
def test_json_bad_input(sewing, client, query):
    response = client.get(f"/api/agenda/occurrences.json?{query}")
    assert response.status_code == 400
    assert response.json()["error"]


def test_json_shape_and_filters(sewing, make_activity, client):
    make_activity("Ioga", category="care", room="kitchen", audience="open", languages=["es"],
                  slots=[weekly(dt.date(2026, 3, 2), [3], start="10:30", end="11:30")])
    data = client.get("/api/agenda/occurrences.json?start=2026-03-16&end=2026-03-30&lang=es").json()
    assert data["timezone"] == "Europe/Madrid" and data["language"] == "es" and data["count"] == 4
    first = data["occurrences"][0]
    assert set(first) >= {"id", "event_id", "title", "start", "end", "original_start", "url", "category", "room",
                          "audience", "languages", "cancelled", "moved", "reason"}
    moved = [o for o in data["occurrences"] if o["moved"]]
    assert moved[0]["start"] == "2026-03-24T19:00:00+01:00" and moved[0]["original_start"] == "2026-03-24T18:00:00+01:00"
    for query, titles in (("category=care", {"Ioga"}), ("room=big-room", {"Costura"}), ("audience=open", {"Ioga"}), ("language=es", {"Ioga"})):
        got = client.get(f"/api/agenda/occurrences.json?start=2026-03-16&end=2026-03-30&{query}").json()
        assert {o["title"] for o in got["occurrences"]} == titles, query


def test_filters_in_the_week_view(sewing, make_activity, client):
    make_activity("Ioga", category="care", slots=[weekly(dt.date(2026, 3, 2), [3])])
    html = client.get("/ca/agenda/week/2026-03-09/?category=care").content.decode()
    assert "Ioga" in html and ">Costura<" not in html
    assert 'href="/ca/agenda/week/2026-03-16/?category=care"' in html


def test_public_pages_have_no_inline_script_or_style(sewing, client):
    for url in ("/ca/agenda/week/2026-03-09/", "/ca/agenda/month/2026-03/", sewing.url, f"{sewing.url}2026-03-24-1800/"):
        response = client.get(url)
        html = response.content.decode()
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert " style=" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert "http://" not in html.replace("http://testserver", "") or "xmlns" in html


def test_plugin_signals_are_rendered(sewing, client):
    @receiver(signals.occurrence_actions, weak=False, dispatch_uid="test_occ_action")
    def action(sender, occurrence, request, **kwargs):
        return format_html('<p class="test-action">Sign up for {}</p>', occurrence.key)

    @receiver(signals.activity_blocks, weak=False, dispatch_uid="test_block")
    def block(sender, activity, request, **kwargs):
        return format_html('<p class="test-block">{}</p>', activity.title)

    try:
        occ_html = client.get(f"{sewing.url}2026-03-10-1800/").content.decode()
        assert '<p class="test-action">Sign up for ' in occ_html and "-2026-03-10-1800</p>" in occ_html
        assert '<p class="test-block">Costura</p>' in client.get(sewing.url).content.decode()
    finally:
        signals.occurrence_actions.disconnect(dispatch_uid="test_occ_action")
        signals.activity_blocks.disconnect(dispatch_uid="test_block")


def test_happening_now_and_next(make_activity, client, monkeypatch):
    from django.utils import timezone

    from tests.agenda.conftest import local

    make_activity("Ara", slots=[weekly(dt.date(2026, 3, 2), [1], start="10:00", end="12:00")])
    make_activity("Després", slots=[weekly(dt.date(2026, 3, 2), [1], start="16:00", end="17:00")])
    monkeypatch.setattr(timezone, "now", lambda: local(2026, 3, 10, 11))
    html = client.get("/ca/agenda/").content.decode()
    now_box = html.split('id="now-heading"')[1].split('id="next-heading"')[0]
    next_box = html.split('id="next-heading"')[1].split("</section>")[0]
    assert "Ara" in now_box and "Després" not in now_box
    assert next_box.index("Després") < next_box.index("Ara")  # next week's "Ara" comes after today's "Després"


def test_activity_description_is_cleaned_on_output(client, make_activity):
    import datetime as dt

    from django.utils import timezone

    from tests.agenda.conftest import weekly

    day = timezone.localdate()
    page = make_activity("Taller", slots=[weekly(day, [day.weekday()])])
    page.description = '<p>Benvingudes</p><script>alert(1)</script><p><a href="javascript:alert(2)">x</a></p>'
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "Benvingudes" in html
    assert "<script>alert(1)" not in html
    assert "javascript:alert" not in html


def test_agenda_page_has_a_meta_description(client, agenda_page, home):
    import re

    home.hero_text = "<p>A safe space.</p>"
    home.save_revision().publish()
    html = client.get(agenda_page.url).content.decode()
    found = re.search(r'<meta name="description" content="([^"]+)"', html)
    assert found is not None
    assert found.group(1) == (agenda_page.intro or "A safe space.")
