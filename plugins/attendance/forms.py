"""Forms: the attendance sheet (parsing and checking what was posted; the rules are ``services.sheet_submit``'s)
and the team's report period."""

import datetime as dt
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plugins.api import disclosure

from . import selectors, services
from .models import Source

MAX_PERIOD_DAYS = 366 * 3


class CodesField(forms.Field):
    """Several codes posted under one name (hidden inputs, ticked boxes): normalised, checked, each once."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        try:
            return list(dict.fromkeys(services.code_validate(raw) for raw in value or [] if isinstance(raw, str)))
        except services.AttendanceError as refusal:
            raise forms.ValidationError(refusal.message) from None


class SheetForm(forms.Form):
    """A session's sheet as posted: the roster's codes (``listed``, ticked in ``present``), the walk-ins
    already on it (``walk_in``), new walk-ins typed in one box (commas or new lines, ``plugins.api.codes``)
    and the head count. ``roster`` and ``marks`` are the session's, for showing the rows."""

    action = forms.ChoiceField(required=False, choices=[(a, a) for a in ("save", "close", "reopen", "preview")])
    submission = forms.UUIDField()
    version = forms.IntegerField(required=False)
    listed = CodesField()
    present = CodesField()
    walk_in = CodesField()
    new_walk_ins = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    anonymous = forms.IntegerField(required=False, min_value=0, max_value=services.MAX_HEAD_COUNT)

    def __init__(self, *args, roster: list[str] | None, marks: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster, self.marks = roster, marks
        head_count = _("The head count must be a whole number from 0 to %(max)d.") % {"max": services.MAX_HEAD_COUNT}
        self.fields["anonymous"].error_messages.update(invalid=head_count, min_value=head_count, max_value=head_count)
        self.fields["action"].error_messages["invalid_choice"] = _("Unknown action.")
        no_id = _("This form is incomplete (no submission id). Reload the page and try again.")
        self.fields["submission"].error_messages.update(required=no_id, invalid=no_id)
        self.fields["version"].error_messages["invalid"] = _("This form is incomplete (bad version). Reload the page and try again.")

    @classmethod
    def for_session(cls, data, *, site, occurrence) -> "SheetForm":
        """The sheet of a session (an AgendaOccurrence): its stored sheet, if any, and its roster."""
        form = cls(data, roster=None, marks={})
        form.occurrence = occurrence
        form.reread()
        form.roster = selectors.roster_for(site=site, occurrence=occurrence, occurrence_id=form.sheet.occurrence_id
                                           if form.sheet else occurrence.occurrence_id)
        return form

    def reread(self) -> None:
        """The stored sheet again (after a refusal: someone else may have saved it meanwhile)."""
        self.sheet = selectors.sheet_for(occurrence=self.occurrence)
        self.marks = selectors.marks_of(self.sheet)

    def clean_new_walk_ins(self):
        try:
            return services.codes_parse(self.cleaned_data["new_walk_ins"])
        except services.AttendanceError as refusal:
            raise forms.ValidationError(refusal.message) from None

    def _refuse_if(self, errors) -> None:
        for field_errors in errors:
            for message in field_errors:
                raise services.AttendanceError(message)

    def entry(self) -> services.SheetEntry:
        """What was posted, checked; AttendanceError (the first problem) if anything is wrong."""
        if not self.is_valid():
            self._refuse_if(self.errors.values())
        data = self.cleaned_data
        return services.SheetEntry(
            action=data["action"] or "save", submission=data["submission"], version=data["version"],
            listed=data["listed"], present=data["present"], walk_ins_shown=data["walk_in"],
            new_walk_ins=data["new_walk_ins"], anonymous=data["anonymous"] or 0,
        )

    def preview(self) -> list[str]:
        """The codes the box would add ("Check the codes"); nothing is saved."""
        self.is_valid()
        self._refuse_if([self.errors.get("new_walk_ins", [])])
        return self.cleaned_data["new_walk_ins"]

    # --- Showing the sheet: what is stored, or after a refusal what was entered ---

    @property
    def new_walk_ins_text(self) -> str:
        return self.data.get("new_walk_ins", "")[:2000] if self.is_bound else ""

    def anonymous_value(self, sheet) -> int:
        if not self.is_bound:
            return sheet.anonymous if sheet else 0
        try:
            return max(0, min(int(self.data.get("anonymous", "0")), services.MAX_HEAD_COUNT))
        except ValueError:
            return 0

    def shown(self) -> dict:
        """The sheet page's rows and boxes: what is stored, or after a refusal what was entered."""
        roster_rows, walk_rows = self.rows()
        return {"sheet": self.sheet, "roster": self.roster, "roster_rows": roster_rows, "walk_rows": walk_rows,
                "anonymous": self.anonymous_value(self.sheet), "new_walk_ins": self.new_walk_ins_text,
                "version": self.sheet.version if self.sheet else 0, "submission": uuid.uuid4(),
                "max_head_count": services.MAX_HEAD_COUNT}

    def rows(self) -> tuple[list, list]:
        """(roster rows, walk-in rows) as (code, present)."""
        roster = list(self.roster or [])
        roster += [c for c, m in self.marks.items() if m.source == Source.ENROLLED and c not in roster]
        walk_ins = [c for c, m in self.marks.items() if m.source == Source.WALK_IN]
        if not self.is_bound:
            return [(c, bool(self.marks.get(c) and self.marks[c].present)) for c in roster], [(c, True) for c in walk_ins]
        ticked = set(self.data.getlist("present"))
        return [(c, c in ticked) for c in roster], [(c, c in ticked) for c in walk_ins]


def default_period() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    first = today.replace(day=1)
    for _i in range(2):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first, today


class ReportForm(forms.Form):
    group = forms.ChoiceField(
        label=gettext_lazy("Figures for"), required=False,
        choices=[("activity", gettext_lazy("Each activity")), ("category", gettext_lazy("Each category")),
                 ("space", gettext_lazy("The whole space"))],
    )
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To (included)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    @classmethod
    def for_query(cls, query) -> "ReportForm":
        """The form for a report's query string; without one, the last three months per activity."""
        query = {k: v for k, v in query.items() if k in cls.base_fields}
        if not query:
            first, last = default_period()
            query = {"group": "activity", "start": first.isoformat(), "end": last.isoformat()}
        return cls(query)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        first, last = default_period()
        cleaned["group"] = cleaned.get("group") or "activity"
        cleaned["start"] = cleaned.get("start") or first
        cleaned["end"] = cleaned.get("end") or last
        if cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(gettext_lazy("The period must end on or after the day it starts."))
        if (cleaned["end"] - cleaned["start"]).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError(gettext_lazy("Choose a period of at most three years."))
        return cleaned


def external_choice(query) -> tuple[str, dt.date]:
    """The funders' export's grouping and month from its query; ValueError (the message) when wrong.

    It takes no start and end: two overlapping ranges would give a hidden figure back by subtraction."""
    group = query.get("group", "activity")
    if group not in selectors.GROUPS:
        raise ValueError(_("Unknown grouping: use activity, category or space."))
    if query.get("start") or query.get("end"):
        raise ValueError(_("Figures for outside cover a whole month that has ended and settled: choose one from the list, not a start and an end."))
    return group, disclosure.month_pick(query.get("month"))
