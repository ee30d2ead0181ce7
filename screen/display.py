"""What the screen shows at one moment, in one language, worked out from the
payload of ``selectors.screen_data``.

The browser does the same (static/screen/screen.js) every minute against its
own clock; this Python twin renders the first HTML response, so the page
reads well before (or without) the script.
"""

from __future__ import annotations

import datetime as dt


def _text(values, language: str) -> str:
    if not values:
        return ""
    return values.get(language) or next(iter(values.values()), "")


def item_view(item: dict, *, language: str, labels: dict) -> dict:
    """One session's words: the same fields, the same rules as screen.js's itemNode."""
    meta = [part for part in (_text(item["room"], language), _text(item["category"], language)) if part]
    note = []
    flag = ""
    if item["cancelled"]:
        flag = labels["cancelled"]
    elif item["moved"]:
        flag = labels["moved"]
        was = [part for part in (item.get("was_time") or "", _text(item.get("was_room"), language)) if part]
        if was:
            note.append(f"{labels['was']} {', '.join(was)}")
    reason = _text(item.get("reason"), language)
    if reason and flag:
        note.append(reason)
    places = ""
    if item.get("places") and not item["cancelled"]:
        left = item["places"]["left"]
        places = labels["full"] if left <= 0 else f"{left} {labels['place'] if left == 1 else labels['places']}"
    return {
        "id": item["id"],
        "time": item["time"],
        "title": _text(item["title"], language),
        "pictogram": item.get("pictogram") or {},
        "easy_read": _text(item.get("easy_read"), language),
        "meta": " · ".join(meta),
        "flag": flag,
        "note": " · ".join(note),
        "places": places,
        "full": bool(item.get("places")) and item["places"]["left"] <= 0,
        "cancelled": item["cancelled"],
        "moved": item["moved"] and not item["cancelled"],
    }


def display_state(data: dict, *, language: str, now_ms: int) -> dict:
    """Now, later today, the coming days and the current announcements."""
    labels = data["labels"].get(language) or next(iter(data["labels"].values()))
    today = next((d for d in data["days"] if d["start"] <= now_ms < d["end"]), None)

    def view(item):
        return item_view(item, language=language, labels=labels)

    now = [view(i) for i in data["items"] if i["start"] <= now_ms < i["end"]]
    later = [view(i) for i in data["items"] if today and i["day"] == today["date"] and i["start"] > now_ms]
    coming = []
    for day in data["days"]:
        if day["start"] < (today["end"] if today else now_ms):
            continue
        items = [view(i) for i in data["items"] if i["day"] == day["date"]]
        if items:
            coming.append({"label": _text(day["label"], language), "items": items})
    announcements = [
        {"title": _text(a["title"], language), "text": _text(a["text"], language)}
        for a in data["announcements"] if a["start"] <= now_ms < a["end"]
    ]
    notices = [
        {"urgent": n["urgent"], "label": _text(n["label"], language), "title": _text(n["title"], language),
         "text": _text(n["text"], language)}
        for n in data.get("notices", []) if n["start"] <= now_ms < n["end"]
    ]
    return {
        "language": language,
        "notices": notices,
        "labels": labels,
        "today_label": _text(today["label"], language) if today else "",
        "now": now,
        "later": later,
        "coming": coming,
        "announcements": announcements,
        "agenda_url": data["agenda_url"].get(language, ""),
    }


def now_ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)
