"""What a screen shows: filters, languages, announcements, places, queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agenda.services import occurrence_cancel
from agenda.selectors import occurrences_between
from plugins.enrollment.models import Enrollment, Mode, Offer, Status
from plugins.models import SitePlugins
from screen import selectors
from screen.display import display_state
from tests.agenda.conftest import agenda_page, categories, make_activity, rooms, weekly  # noqa: F401
from tests.screen.conftest import at, local_today

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _titles(data, language="ca"):
    return [item["title"][language] for item in data["items"]]


def test_screen_by_token(screen_factory):
    screen = screen_factory()
    assert selectors.screen_by_token(token=screen.token) == screen
    for bad in ("", "short", screen.token + "x" * 40, screen.token[:-1] + "!", None, 42, f"../{screen.token}"):
        assert selectors.screen_by_token(token=bad) is None


def test_rooms_filter_keeps_sessions_moved_out_of_the_room(screen_factory, make_activity, rooms):  # noqa: F811
    today = local_today()
    make_activity("Cuina", slots=[weekly(today, [today.weekday()], "10:00", "11:00")], room="kitchen")
    make_activity("Sala", slots=[weekly(today, [today.weekday()], "12:00", "13:00")], room="big-room")
    make_activity("Mudada", slots=[weekly(today, [today.weekday()], "14:00", "15:00")], room="kitchen",
                  changes=[{"kind": "move", "original_date": today, "new_room": rooms["big-room"]}])
    kitchen = screen_factory(rooms=[rooms["kitchen"]], days_ahead=0)
    everything = screen_factory("All", days_ahead=0)

    data = selectors.screen_data(screen=kitchen)
    assert _titles(data) == ["Cuina", "Mudada"]
    moved = data["items"][1]
    assert moved["moved"] and moved["room"]["ca"] == "Sala gran" and moved["was_room"]["ca"] == "Cuina"
    assert _titles(selectors.screen_data(screen=everything)) == ["Cuina", "Sala", "Mudada"]


def test_categories_filter(screen_factory, make_activity, categories):  # noqa: F811
    today = local_today()
    make_activity("Creativa", slots=[weekly(today, [today.weekday()], "10:00", "11:00")], category="creative")
    make_activity("Cura", slots=[weekly(today, [today.weekday()], "12:00", "13:00")], category="care")
    make_activity("Sense", slots=[weekly(today, [today.weekday()], "14:00", "15:00")], category=None)
    screen = screen_factory(categories=[categories["care"]], days_ahead=0)
    assert _titles(selectors.screen_data(screen=screen)) == ["Cura"]


def test_days_ahead_bounds_the_window(screen_factory, make_activity):  # noqa: F811
    today = local_today()
    make_activity("Cada dia", slots=[weekly(today, range(7), "10:00", "11:00")])
    data = selectors.screen_data(screen=screen_factory(days_ahead=2))
    assert [d["date"] for d in data["days"]] == [(today + dt.timedelta(days=n)).isoformat() for n in range(3)]
    assert [i["day"] for i in data["items"]] == [d["date"] for d in data["days"]]


def test_every_rotated_language_in_one_payload(screen_factory, make_activity, locales, rooms, categories):  # noqa: F811
    today = local_today()
    page = make_activity("Taller de costura", slots=[weekly(today, [today.weekday()], "10:00", "11:00")], room="kitchen")
    for code, title, room_name in (("es", "Taller de costura ES", "Cocina"), ("en", "Sewing workshop", "Kitchen")):
        translated = page.copy_for_translation(locales[code], copy_parents=True)
        translated.title = title
        translated.save_revision().publish()
        room = rooms["kitchen"].copy_for_translation(locales[code])
        room.name = room_name
        room.save()
    screen = screen_factory(languages=["ca", "en"], days_ahead=0)
    data = selectors.screen_data(screen=screen)
    assert data["languages"] == ["ca", "en"]
    (item,) = data["items"]
    assert item["title"] == {"ca": "Taller de costura", "en": "Sewing workshop"}
    assert item["room"] == {"ca": "Cuina", "en": "Kitchen"}
    assert item["category"] == {"ca": "Creatiu", "en": "Creatiu"}  # no translation: the source's name
    assert set(data["labels"]) == {"ca", "en"} and data["labels"]["en"]["now"] == "Now"
    assert data["days"][0]["label"]["en"].startswith(today.strftime("%A"))


def test_json_shape(screen_factory, busy_day):
    data = selectors.screen_data(screen=screen_factory(days_ahead=1))
    assert set(data) == {
        "version", "generated", "timezone", "languages", "orientation", "rotate_seconds", "refresh_seconds",
        "days", "items", "announcements", "notices", "agenda_url", "labels",
    }
    assert set(data["items"][0]) == {
        "id", "day", "start", "end", "time", "title", "room", "category", "cancelled", "moved",
        "was_time", "was_room", "reason", "places", "pictogram", "easy_read",
    }
    by_title = {i["title"]["ca"]: i for i in data["items"]}
    assert len(by_title) == 13
    cancelled = by_title["Pintura i collage"]
    assert cancelled["cancelled"] and cancelled["reason"]["ca"] == "La formadora està malalta."
    moved = by_title["Taller de costura"]
    assert moved["moved"] and moved["room"]["ca"] == "Cuina" and moved["was_room"]["ca"] == "Sala gran"
    ioga = by_title["Ioga suau"]
    assert ioga["time"] == "09:30–10:30"
    assert ioga["start"] == int(at(local_today(), "09:30").timestamp() * 1000)
    assert data["items"] == sorted(data["items"], key=lambda i: i["start"])


def test_cancelling_shows_in_the_next_read(screen_factory, busy_day):
    screen = screen_factory(days_ahead=0)
    before = {i["title"]["ca"]: i for i in selectors.screen_data(screen=screen)["items"]}
    assert not before["Cuinem juntes"]["cancelled"]
    page = busy_day["Cuinem juntes"]
    occurrence = next(o for o in occurrences_between(start=at(local_today(), "00:00"), end=at(local_today(), "23:59"))
                      if o.activity.pk == page.pk)
    occurrence_cancel(event=occurrence.event, original_start=occurrence.original_start, reason="Sense gas")
    after = {i["title"]["ca"]: i for i in selectors.screen_data(screen=screen)["items"]}
    assert after["Cuinem juntes"]["cancelled"] and after["Cuinem juntes"]["reason"]["ca"] == "Sense gas"


def test_announcements_window_and_screens(screen_factory, announcement_factory):
    hall, door = screen_factory("Hall", days_ahead=1), screen_factory("Door")
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    announcement_factory("Past", starts_at=now - 5 * hour, ends_at=now - hour)
    announcement_factory("Current", starts_at=now - hour, ends_at=now + hour,
                         translations={"es": ("Actual", "Texto"), "en": ("Current EN", "")})
    announcement_factory("Later today", starts_at=now + hour, ends_at=now + 3 * hour)
    announcement_factory("Far away", starts_at=now + dt.timedelta(days=5), ends_at=now + dt.timedelta(days=6))
    announcement_factory("Only at the door", starts_at=now - hour, ends_at=now + hour, screens=[door])
    announcement_factory("At both", starts_at=now - hour, ends_at=now + hour, screens=[door, hall])

    data = selectors.screen_data(screen=hall, now=now)
    titles = [a["title"]["ca"] for a in data["announcements"]]
    assert sorted(titles) == ["At both", "Current", "Later today"]
    current = next(a for a in data["announcements"] if a["title"]["ca"] == "Current")
    assert current["title"] == {"ca": "Current", "es": "Actual", "en": "Current EN"}
    # The browser shows only those under way at its own clock; the Python twin agrees.
    state = display_state(data, language="es", now_ms=int(now.timestamp() * 1000))
    assert sorted(a["title"] for a in state["announcements"]) == ["Actual", "At both"]
    assert sorted(a["title"]["ca"] for a in selectors.screen_data(screen=door, now=now)["announcements"]) == [
        "At both", "Current", "Later today", "Only at the door",
    ]


def test_a_translation_does_not_move_the_window(screen_factory, announcement_factory, locales):
    screen = screen_factory()
    now = timezone.now()
    source = announcement_factory("Font", starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1),
                                  translations={"es": ("Fuente", "")})
    from screen.models import Announcement

    Announcement.objects.filter(translation_key=source.translation_key, locale=locales["es"]).update(
        ends_at=now - dt.timedelta(days=1))
    (shown,) = selectors.screen_data(screen=screen, now=now)["announcements"]
    assert shown["title"]["es"] == "Fuente"
    Announcement.objects.filter(pk=source.pk).update(ends_at=now - dt.timedelta(minutes=1))
    assert selectors.screen_data(screen=screen, now=now)["announcements"] == []


def _places_setup(site, busy_day):
    setting = SitePlugins.for_site(site)
    setting.enabled = ["enrollment"]
    setting.save()
    page = busy_day["Taller de serigrafia"]
    from plugins.enrollment.services import offer_save

    offer = Offer(activity_key=page.translation_key, mode=Mode.SERIES)
    offer.capacity = 5  # the activity's places
    offer_save(offer=offer)
    Enrollment.objects.create(offer=offer, code="LILA-4242", status=Status.CONFIRMED,
                              session_start=at(local_today() + dt.timedelta(days=1), "17:00"),
                              session_end=at(local_today() + dt.timedelta(days=1), "19:00"))
    return offer


def test_places_left_but_never_codes(screen_factory, busy_day, site, rf):
    _places_setup(site, busy_day)
    screen = screen_factory(days_ahead=1)
    request = rf.get(f"/screen/{screen.token}/data.json")
    data = selectors.screen_data(screen=screen, request=request)
    by_title = {i["title"]["ca"]: i for i in data["items"]}
    assert by_title["Taller de serigrafia"]["places"] == {"left": 4, "capacity": 5}
    assert by_title["Ioga suau"]["places"] is None
    text = repr(data)
    assert "LILA-4242" not in text and "facilitators" not in text


def test_places_only_while_enrollment_is_on(screen_factory, busy_day, site, rf):
    _places_setup(site, busy_day)
    setting = SitePlugins.for_site(site)
    setting.enabled = []
    setting.save()
    screen = screen_factory(days_ahead=1)
    data = selectors.screen_data(screen=screen, request=rf.get("/"))
    assert all(item["places"] is None for item in data["items"])


def _count_queries(screen, rf):
    # Warm what is cached across requests (Wagtail's site root paths, the
    # content cache), then count. Twice: the first read creates the site's
    # plugin switches, which starts a new content version.
    selectors.screen_data(screen=screen, request=rf.get("/"))
    selectors.screen_data(screen=screen, request=rf.get("/"))
    with CaptureQueriesContext(connection) as ctx:
        selectors.screen_data(screen=selectors.screen_by_token(token=screen.token),
                              request=rf.get(f"/screen/{screen.token}/data.json"))
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_activities(screen_factory, make_activity, rooms, categories, locales, rf):  # noqa: F811
    today = local_today()
    screen = screen_factory(rooms=[rooms["kitchen"], rooms["big-room"]], languages=["ca", "es", "en"], days_ahead=3)

    def add(n, offset):
        for i in range(n):
            page = make_activity(f"A{offset + i}", slots=[weekly(today, range(7), f"{8 + i:02d}:00", f"{8 + i:02d}:30")],
                                 room="kitchen" if i % 2 else "big-room",
                                 changes=[{"kind": "cancel", "original_date": today + dt.timedelta(days=1)}])
            translated = page.copy_for_translation(locales["es"], copy_parents=True)
            translated.save_revision().publish()

    add(2, 0)
    few = _count_queries(screen, rf)
    add(6, 10)
    many = _count_queries(screen, rf)
    data = selectors.screen_data(screen=screen, request=rf.get("/"))
    assert len(data["items"]) == 8 * 4
    assert many == few
    assert few <= 16


@pytest.mark.clock
def test_places_only_before_the_session_starts(screen_factory, busy_day, site, rf):
    """After the start, capacity minus places left is the number signed up (plugins.api.disclosure)."""
    _places_setup(site, busy_day)
    screen = screen_factory(days_ahead=1)
    start = at(local_today() + dt.timedelta(days=1), "17:00")

    def places(now):
        data = selectors.screen_data(screen=screen, request=rf.get("/"), now=now)
        return [i["places"] for i in data["items"] if i["title"]["ca"] == "Taller de serigrafia" and i["places"]]

    assert places(start - dt.timedelta(minutes=1)) == [{"left": 4, "capacity": 5}]
    assert places(start) == [] and places(start + dt.timedelta(minutes=30)) == []


def test_places_come_from_whichever_plugin_answers_occurrence_places(screen_factory, busy_day, site, rf):
    """The screen names no plugin: any receiver of the agenda's extension point is heard,
    and only its two counts are kept."""
    from agenda.signals import occurrence_places

    serigraphy = busy_day["Taller de serigrafia"].translation_key

    def other_plugin(sender, occurrence, **kwargs):
        if occurrence.activity.translation_key == serigraphy:
            return {"left": 2, "capacity": 9, "codes": ["LILA-4242"]}
        return None

    occurrence_places.connect(other_plugin, dispatch_uid="test_other_plugin_places")
    try:
        data = selectors.screen_data(screen=screen_factory(days_ahead=1), request=rf.get("/"))
    finally:
        occurrence_places.disconnect(dispatch_uid="test_other_plugin_places")
    by_title = {i["title"]["ca"]: i for i in data["items"]}
    upcoming = [i for i in data["items"] if i["title"]["ca"] == "Taller de serigrafia" and not i["cancelled"]
                and i["start"] > timezone.now().timestamp() * 1000]
    assert upcoming and all(i["places"] == {"left": 2, "capacity": 9} for i in upcoming)
    assert by_title["Ioga suau"]["places"] is None
    assert "LILA-4242" not in repr(data)
