"""The agenda's filters (category, room, audience, language) as a django-filter FilterSet.

The same four parameters on every period view, the iCal feeds and the JSON
endpoint. The FilterSet validates them (an unknown value is a FilterError,
answered with a 400 and a message) and narrows the activity pages of a read
(``selectors.window_read``) in the same query: category, audience and
language belong to the activity. The room is checked per session in
``selectors.changes_apply``, because a moved session can change rooms; here
it is only validated.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q

from .models import ACTIVITY_LANGUAGES, ActivityPage, Audience

FIELDS = ("category", "room", "audience", "language")
MAX_LENGTH = 60


class FilterError(ValueError):
    """A filter in a query string that does not exist; the message is for people."""


class AgendaFilterSet(django_filters.FilterSet):
    """``categories`` and ``rooms`` are the selectors' cached snippets: the
    slugs they know are the choices, so validating reads nothing."""

    category = django_filters.ChoiceFilter(method="filter_category")
    room = django_filters.ChoiceFilter(method="filter_room")
    audience = django_filters.ChoiceFilter(choices=Audience.choices)
    language = django_filters.ChoiceFilter(choices=ACTIVITY_LANGUAGES, method="filter_language")

    class Meta:
        model = ActivityPage
        fields = list(FIELDS)

    def __init__(self, data=None, queryset=None, *, categories, rooms, **kwargs):
        super().__init__(data, queryset if queryset is not None else ActivityPage.objects.none(), **kwargs)
        self.categories, self.rooms = categories, rooms
        self.filters["category"].extra["choices"] = [(slug, slug) for slug in categories.slugs()]
        self.filters["room"].extra["choices"] = [(slug, slug) for slug in rooms.slugs()]

    def filter_category(self, queryset, name, value):
        return queryset.filter(category__translation_key__in=self.categories.keys_for_slug(value))

    def filter_room(self, queryset, name, value):
        return queryset  # per session, in selectors.changes_apply

    def filter_language(self, queryset, name, value):
        # ``languages`` is stored as "ca,es" (agenda/fields.py): match one whole code.
        return queryset.filter(
            Q(languages=value) | Q(languages__startswith=f"{value},") | Q(languages__endswith=f",{value}")
            | Q(languages__contains=f",{value},")
        )

    def cleaned(self) -> dict[str, str]:
        """The valid values by name (empty when not given); FilterError for the first invalid one."""
        if not self.is_valid():
            # Overlong values first, then in the order people read the filters' messages.
            invalid = [name for name in FIELDS if name in self.errors]
            overlong = [name for name in invalid if not isinstance(self.data.get(name), str) or len(self.data[name]) > MAX_LENGTH]
            name = (overlong or sorted(invalid, key=("audience", "language", "category", "room").index))[0]
            raise FilterError(_message(name, self.data.get(name)))
        return {name: self.form.cleaned_data.get(name) or "" for name in FIELDS}


def _message(name: str, value) -> str:
    if not isinstance(value, str) or len(value) > MAX_LENGTH:
        return f"The {name} filter is not valid."
    if name == "audience":
        return f"Unknown audience “{value}”. Use one of: {', '.join(Audience.values)}."
    return f"Unknown {name} “{value}”."


def query_values(query) -> dict:
    """The four parameters of ``query`` (a QueryDict or a dict), trimmed; other parameters are left out."""
    values = {}
    for name in FIELDS:
        raw = query.get(name, "")
        values[name] = raw.strip() if isinstance(raw, str) and len(raw) <= MAX_LENGTH else raw
    return values
