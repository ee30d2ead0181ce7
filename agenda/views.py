"""Public views of the agenda: the agenda page's periods, an activity, one
occurrence, the iCal feeds and the JSON endpoint."""

from __future__ import annotations

import calendar
import datetime as dt
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from safespace import spaces
from safespace.addresses import absolute_url
from safespace.errors import json_endpoint

from . import feeds, recurrence, selectors
from .models import ActivityPage, AgendaPage, Category
from .selectors import MAX_YEAR, MIN_YEAR, FilterError
from plugins.api.rendering import render_responses

from .signals import activity_blocks, occurrence_actions, occurrence_extra_data

LIST_DAYS = 28
API_MAX_DAYS = 366


class BadInput(ValueError):
    pass


def _parse_day(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadInput(_("“%(value)s” is not a date. Use the form 2026-03-24.") % {"value": value}) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise BadInput(_("Dates must be between the years %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR})
    return day


def _parse_month(value: str) -> dt.date:
    try:
        year, month = (int(part) for part in value.split("-"))
        day = dt.date(year, month, 1)
    except (TypeError, ValueError):
        raise BadInput(_("“%(value)s” is not a month. Use the form 2026-03.") % {"value": value}) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise BadInput(_("Dates must be between the years %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR})
    return day


def _bad_request(request, page, message: str):
    response = TemplateResponse(
        request, "agenda/bad_request.html", {"page": page, "self": page, "message": message}, status=400,
    )
    return response


def month_weeks(first: dt.date, days: list) -> list[list]:
    """The month of ``first`` as weeks from Monday to Sunday: each cell the
    month's AgendaDay of that date, or None for the days of the months around it."""
    by_date = {day.date: day for day in days}
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(first.year, first.month)
    return [[by_date.get(date) if date.month == first.month else None for date in week] for week in weeks]


def agenda_view(request, page: AgendaPage, *, view: str, when: str | None):
    language = translation.get_language() or settings.LANGUAGE_CODE
    today = selectors.local_today()
    snippets = selectors.snippets_load()
    # A network agenda reads every sharing space (or the one chosen) in the same queries as one space.
    network = selectors.network_spaces() if page.network else None
    site = network if network is not None else selectors.space_of(request=request)
    try:
        filters = selectors.filters_from_query(request.GET, site=site, **snippets)
        if network is not None:
            site, filters = selectors.space_filter(request.GET, members=network, filters=filters)
        if view == "month":
            first = _parse_month(when) if when else today.replace(day=1)
            last = first + relativedelta(months=1, days=-1)
            prev_when = (first - relativedelta(months=1)).strftime("%Y-%m")
            next_when = (first + relativedelta(months=1)).strftime("%Y-%m")
        elif view == "day":
            first = last = _parse_day(when) if when else today
            prev_when, next_when = (first - dt.timedelta(days=1)).isoformat(), (first + dt.timedelta(days=1)).isoformat()
        elif view == "list":
            first = _parse_day(when) if when else today
            last = first + dt.timedelta(days=LIST_DAYS - 1)
            prev_when = (first - dt.timedelta(days=LIST_DAYS)).isoformat()
            next_when = (last + dt.timedelta(days=1)).isoformat()
        else:
            view = "week"
            first = selectors.week_start(_parse_day(when) if when else today)
            last = first + dt.timedelta(days=6)
            prev_when, next_when = (first - dt.timedelta(days=7)).isoformat(), (first + dt.timedelta(days=7)).isoformat()
    except (BadInput, FilterError) as error:
        return _bad_request(request, page, str(error))

    now = timezone.now()
    period_start = selectors.local_midnight(first)
    period_end = selectors.local_midnight(last + dt.timedelta(days=1))
    shows_today = first <= today <= last
    # One read covers the period and, when it contains today, the next week
    # for "happening now" and "next".
    read_end = max(period_end, now + dt.timedelta(days=7)) if shows_today else period_end
    occurrences = selectors.occurrences_between(
        start=period_start, end=read_end, language=language, filters=filters, request=request, snippets=snippets,
        site=site,
    )
    if network is not None:
        names = {space.pk: spaces.space_name(space) for space in network}
        for occurrence in occurrences:
            occurrence.space_name = names.get(occurrence.space_id, "")
    in_period = [o for o in occurrences if o.start < period_end and o.end > period_start]
    happening, coming = [], []
    if shows_today:
        live = [o for o in occurrences if not o.cancelled]
        happening = [o for o in live if o.start <= now < o.end]
        coming = [o for o in live if o.start > now][:3]

    days = selectors.group_by_day(in_period, first, last, keep_empty=(view in ("week", "day", "month")))
    month_grid = month_weeks(first, days) if view == "month" else []

    query = filters.as_query()
    base = page.get_url(request=request) or page.url

    def link(target_view, target_when=None):
        if target_view == "list":
            params = dict(query)
            if target_when:
                params["from"] = target_when
            suffix = "list/"
        else:
            params = query
            suffix = f"{target_view}/{target_when}/" if target_when else ("" if target_view == "week" else f"{target_view}/")
        qs = f"?{urlencode(params)}" if params else ""
        return f"{base}{suffix}{qs}"

    options = selectors.filter_options(language=language, site=site, **snippets)
    context = {
        "view": view,
        "first": first,
        "last": last,
        "days": days,
        "month_grid": month_grid,
        "occurrence_count": len(in_period),
        "filters": filters,
        "filter_options": options,
        "prev_url": link(view, prev_when),
        "next_url": link(view, next_when),
        "today_url": link(view) if view != "list" else link("list"),
        "view_urls": {
            "day": link("day", first.isoformat()),
            "week": link("week", first.isoformat()),
            "month": link("month", first.strftime("%Y-%m")),
            "list": link("list", first.isoformat()),
        },
        "shows_today": shows_today,
        "happening": happening,
        "coming": coming,
        "now": now,
        # The feeds are a space's own: a network agenda offers none.
        "feed_url": "" if network is not None else absolute_url(
            feeds.feed_url(language=language, category=filters.category or None), site=site),
        "network_spaces": [(str(space.pk), spaces.space_name(space)) for space in network or ()],
    }
    return page.render(request, template="agenda/agenda_page.html", context_overrides=context)


def _easy_read_choice(request) -> str:
    # Easy read without JavaScript: ?easy=1 or ?easy=0 in the address, so the
    # page varies by its URL only (the choice on a device lives in the browser).
    return {"1": "on", "0": "off"}.get(request.GET.get("easy", ""), "")


def activity_view(request, page: ActivityPage):
    site = Site.find_for_request(request)
    upcoming = selectors.activity_upcoming(page=page, request=request)
    agenda = page.get_parent().specific
    context = {
        "upcoming": upcoming,
        "slots": [feeds.describe_slot(slot) for slot in _schedule_owner(page).slots.all()],
        "plugin_html": render_responses(activity_blocks.send_robust(sender=site, activity=page, request=request)),
        "feed_url": absolute_url(feeds.feed_url(activity=page), site=site),
        "agenda_page": agenda,
        "easy_read": _easy_read_choice(request),
    }
    return page.render(request, template="agenda/activity_page.html", context_overrides=context)


def _schedule_owner(page: ActivityPage) -> ActivityPage:
    if page.owns_schedule():
        return page
    return ActivityPage.objects.filter(translation_key=page.translation_key).order_by("pk").first() or page


def occurrence_view(request, page: ActivityPage, *, stamp: str):
    occurrence = selectors.occurrence_at(page=page, stamp=stamp, request=request)
    if occurrence is None:
        raise Http404("No such session")
    site = Site.find_for_request(request)
    agenda = page.get_parent().specific
    week_url = f"{agenda.get_url(request=request)}week/{occurrence.start.date().isoformat()}/"
    context = {
        "occurrence": occurrence,
        "is_past": occurrence.end < timezone.now(),
        "plugin_html": render_responses(occurrence_actions.send_robust(sender=site, occurrence=occurrence, request=request)),
        "agenda_page": agenda,
        "week_url": week_url,
        "feed_url": absolute_url(feeds.feed_url(activity=page), site=site),
        "easy_read": _easy_read_choice(request),
    }
    return page.render(request, template="agenda/occurrence_page.html", context_overrides=context)


# --- Feeds and JSON (outside the language prefix) ---------------------------

def _language_param(request, default: str) -> str:
    language = request.GET.get("lang", default)
    if language not in dict(settings.LANGUAGES):
        raise BadInput(f"Unknown language “{language}”. Use one of: {', '.join(dict(settings.LANGUAGES))}.")
    return language


def _plain_400(message: str) -> HttpResponse:
    return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def feed_all(request):
    try:
        language = _language_param(request, settings.LANGUAGE_CODE)
    except BadInput as error:
        return _plain_400(str(error))
    with translation.override(language):
        return _ics(feeds.agenda_calendar_ics(language=language, request=request), "agenda.ics")


@require_GET
def feed_category(request, slug: str):
    try:
        language = _language_param(request, settings.LANGUAGE_CODE)
    except BadInput as error:
        return _plain_400(str(error))
    if not Category.objects.filter(slug=slug).exists():
        raise Http404("No such category")
    with translation.override(language):
        return _ics(feeds.agenda_calendar_ics(language=language, category=slug, request=request), f"agenda-{slug}.ics")


@require_GET
def feed_activity(request, page_id: int):
    page = ActivityPage.objects.live().filter(pk=page_id).select_related("locale").first()
    if page is None or spaces.space_id_for_path(page.path) != getattr(selectors.space_of(request=request), "pk", None):
        raise Http404("No such activity")
    try:
        language = _language_param(request, page.locale.language_code)
    except BadInput as error:
        return _plain_400(str(error))
    with translation.override(language):
        body = feeds.agenda_calendar_ics(language=language, activity_key=page.translation_key, request=request)
    return _ics(body, f"{page.slug}.ics")


def _parse_instant(value: str | None, name: str, *, end: bool = False) -> dt.datetime:
    if not value:
        raise BadInput(f"The parameter “{name}” is required (a date like 2026-03-24 or a time like 2026-03-24T18:00).")
    try:
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            parsed = dt.datetime.combine(day, dt.time.min)
        else:
            parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise BadInput(f"“{name}” is not a date or date and time: “{value[:40]}”.") from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise BadInput(f"“{name}” must be between the years {MIN_YEAR} and {MAX_YEAR}.")
    if timezone.is_naive(parsed):
        parsed = recurrence.localize(parsed)
    # Python takes offsets up to ±23:59, PostgreSQL only up to ±15:59: the
    # database gets the same instant in UTC.
    return parsed.astimezone(dt.timezone.utc)


@json_endpoint
@require_GET
def api_occurrences(request):
    """Occurrences between two moments, as JSON. Documented in agenda/README.md."""
    try:
        language = _language_param(request, settings.LANGUAGE_CODE)
        start = _parse_instant(request.GET.get("start"), "start")
        end = _parse_instant(request.GET.get("end"), "end")
        if end <= start:
            raise BadInput("“end” must be after “start”.")
        if end - start > dt.timedelta(days=API_MAX_DAYS):
            raise BadInput(f"Ask for at most {API_MAX_DAYS} days at a time.")
        site = selectors.space_of(request=request)
        filters = selectors.filters_from_query(request.GET, site=site)
    except (BadInput, FilterError) as error:
        return JsonResponse({"error": str(error)}, status=400)
    with translation.override(language):
        occurrences = selectors.occurrences_between(start=start, end=end, language=language, filters=filters,
                                                    request=request, site=site)
        items = []
        for occ in occurrences:
            item = occurrence_json(occ, request=request)
            extra = {}
            for receiver, value in occurrence_extra_data.send_robust(
                sender=site, occurrence=occ, occurrences=occurrences, request=request
            ):
                if isinstance(value, dict):
                    from plugins.api.registry import app_label_of

                    extra[app_label_of(receiver) or "unknown"] = value
            if extra:
                item["extra"] = extra
            items.append(item)
    tz = recurrence.local_zone()
    response = JsonResponse({
        "start": start.astimezone(tz).isoformat(),
        "end": end.astimezone(tz).isoformat(),
        "timezone": settings.TIME_ZONE,
        "language": language,
        "count": len(items),
        "occurrences": items,
    }, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def occurrence_json(occ, *, request) -> dict:
    def snippet(obj):
        return {"slug": obj.slug, "name": obj.name} if obj is not None else None

    return {
        "id": occ.key,
        "event_id": occ.event.pk,
        "activity_id": occ.activity.pk,
        "title": occ.title,
        "summary": occ.activity.summary,
        "start": occ.start.isoformat(),
        "end": occ.end.isoformat(),
        "original_start": occ.original_start.isoformat(),
        "url": absolute_url(occ.url, site=selectors.space_of(request=request)),
        "category": snippet(occ.category),
        "room": snippet(occ.room),
        "audience": occ.activity.audience,
        "languages": list(occ.activity.languages or []),
        "cancelled": occ.cancelled,
        "moved": occ.moved,
        "reason": occ.public_reason,
    }
