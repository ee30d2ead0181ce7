from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import Category, Indicator

TRANSLATED = {
    "name": (_("Name"), 80, forms.TextInput),
    "unit": (_("Unit"), 40, forms.TextInput),
    "description": (_("What is counted, exactly"), 600, forms.Textarea),
}


class IndicatorForm(forms.Form):
    """An indicator, with one field per language for the translated texts.

    With ``locked`` (the indicator has counts), texts that are already written
    cannot change; missing translations can still be filled in.
    """

    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    agreed = forms.CharField(label=_("Agreed when and by whom"), max_length=200,
                             help_text=_("For example “assembly of March 2026”."))
    publishable = forms.BooleanField(label=_("May be published (monthly totals, small numbers hidden)"), required=False)
    active_from = forms.DateField(label=_("Counted from"), widget=forms.DateInput(attrs={"type": "date"}))
    active_until = forms.DateField(label=_("Counted until"), required=False, help_text=_("Empty: still counted."),
                                   widget=forms.DateInput(attrs={"type": "date"}))
    order = forms.IntegerField(label=_("Order on the tally screen"), min_value=0, max_value=32000, initial=100)

    def __init__(self, *args, instance: Indicator | None = None, version_of: Indicator | None = None,
                 for_user=None, **kwargs):
        """``instance``: edit it (locked once it has counts); ``version_of``: a new version of it."""
        from .services import indicator_has_counts

        indicator = instance if instance is not None and instance.pk else version_of
        locked = bool(instance is not None and instance.pk and indicator_has_counts(indicator=instance))
        if indicator is not None:
            initial = {name: getattr(indicator, name) for name in
                       ("category", "agreed", "publishable", "active_from", "active_until", "order")}
            for name in TRANSLATED:
                for code, _lang in settings.LANGUAGES:
                    initial[f"{name}_{code}"] = (getattr(indicator, name) or {}).get(code, "")
            if version_of is not None:
                tomorrow = timezone.localdate() + dt.timedelta(days=1)
                initial.update(active_from=max(tomorrow, version_of.active_from + dt.timedelta(days=1)),
                               active_until=None, agreed="")
            kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.instance = instance if instance is not None else Indicator()
        self.locked = locked
        fields = {}
        for name, (label, length, widget) in TRANSLATED.items():
            for code, language in settings.LANGUAGES:
                field = forms.CharField(
                    label=f"{label} ({language})", max_length=length, required=False,
                    widget=widget(attrs={"rows": 3}) if widget is forms.Textarea else widget(),
                )
                if locked and (getattr(indicator, name) or {}).get(code):
                    field.disabled = True
                fields[f"{name}_{code}"] = field
        if locked:
            self.fields["category"].disabled = True
        self.fields = {**fields, **self.fields}

    def translated(self, name: str) -> dict:
        return {code: self.cleaned_data[f"{name}_{code}"].strip()
                for code, _lang in settings.LANGUAGES if self.cleaned_data.get(f"{name}_{code}", "").strip()}

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"name_{code}", "").strip() for code, _lang in settings.LANGUAGES):
            self.add_error(f"name_{settings.LANGUAGE_CODE}", _("Give the indicator a name in at least one language."))
        start, end = cleaned.get("active_from"), cleaned.get("active_until")
        if start and end and end < start:
            self.add_error("active_until", _("It cannot stop being counted before it starts."))
        return cleaned

    def values(self) -> dict:
        values = {name: self.translated(name) for name in TRANSLATED}
        values.update({name: self.cleaned_data[name] for name in
                       ("category", "agreed", "publishable", "active_from", "active_until", "order")})
        if self.locked:  # disabled fields come back as their initial values: keep what is there
            for name in TRANSLATED:
                values[name] = {**values[name], **{k: v for k, v in (getattr(self.instance, name) or {}).items() if v}}
        return values


class TallyForm(forms.Form):
    """A tap, an undo or a new shift from the tally screen without JavaScript (tally.js sends JSON instead)."""

    action = forms.ChoiceField(choices=[(a, a) for a in ("tap", "undo", "new_shift")],
                               error_messages={"invalid_choice": _("Unknown action."), "required": _("Unknown action.")})
    tap_id = forms.CharField(required=False)
    indicator = forms.CharField(required=False)
    undoes = forms.CharField(required=False)

    def tap_data(self, *, shift: str) -> dict:
        """The tap as a device would send it: ``services.tap_parse`` says what is wrong with it.
        CountError if the form is not a tap or an undo at all."""
        from .services import CountError

        if not self.is_valid():
            raise CountError(" ".join(self.errors.get("action") or [gettext("Unknown action.")]))
        data = {"id": self.cleaned_data["tap_id"], "at": timezone.now().isoformat(), "shift": shift}
        if self.cleaned_data["action"] == "tap":
            raw = self.cleaned_data["indicator"]
            return {**data, "indicator": int(raw) if raw.isdigit() else raw, "delta": 1}
        return {**data, "undoes": self.cleaned_data["undoes"], "delta": -1}


def tally_strings() -> dict[str, str]:
    """What tally.js says, in the admin's language (read from a JSON script element, never run)."""
    return {
        "saved": gettext("All taps are saved."),
        # Catalan and Spanish, like English, have one form for 1 and one for the rest.
        "waiting_one": ngettext(
            "%(count)s tap waiting to be sent. It is kept on this device.",
            "%(count)s taps waiting to be sent. They are kept on this device.", 1,
        ),
        "waiting_other": ngettext(
            "%(count)s tap waiting to be sent. It is kept on this device.",
            "%(count)s taps waiting to be sent. They are kept on this device.", 2,
        ),
        "undo": gettext("Undo"),
        "refused": gettext("Refused: %(reason)s"),
        "logged_out": gettext("You are logged out or your session has ended: log in again; nothing queued is lost."),
    }


class SheetForm(forms.Form):
    """The totals of a shift or a day, entered at once."""

    sheet_id = forms.UUIDField(widget=forms.HiddenInput)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    hour = forms.TypedChoiceField(
        label=_("Shift started at"), coerce=int, choices=[(h, f"{h:02d}:00") for h in range(24)], initial=10,
    )

    def __init__(self, *args, indicators=(), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("sheet_id", uuid.uuid4())
        kwargs["initial"].setdefault("day", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"count_{indicator.pk}"] = forms.IntegerField(
                label=indicator.label(), min_value=0, max_value=100000, required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    @classmethod
    def for_day(cls, data, *, day: str | None) -> SheetForm:
        """The sheet of ``day`` (ISO; today when missing or not a date), with the indicators counted that day."""
        from .selectors import indicators_active

        try:
            chosen = dt.date.fromisoformat(day) if day else None
        except ValueError:
            chosen = None
        return cls(data, indicators=indicators_active(day=chosen or timezone.localdate()))

    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["day"], dt.time(self.cleaned_data["hour"])))

    def entry(self) -> dict:
        """The sheet as ``services.sheet_submit`` takes it."""
        return {"sheet_id": self.cleaned_data["sheet_id"], "start": self.start(), "totals": self.totals()}

    def totals(self) -> dict:
        return {i: self.cleaned_data.get(f"count_{i.pk}") or 0 for i in self.indicators}

    def indicator_fields(self):
        return [self[f"count_{i.pk}"] for i in self.indicators]


class ReportForm(forms.Form):
    grain = forms.ChoiceField(
        label=_("By"), initial="month",
        choices=[("day", _("day")), ("week", _("week")), ("month", _("month")), ("year", _("year"))],
    )
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    compare = forms.ChoiceField(
        label=_("Compare with"), required=False,
        choices=[("", _("nothing")), ("previous", _("the period just before")), ("year", _("the same period a year before"))],
    )

    MAX_DAYS = 366 * 10

    @classmethod
    def for_query(cls, query) -> ReportForm:
        """The form bound to a report's query, the last twelve months by month where it says nothing."""
        from .selectors import month_add

        today = timezone.localdate()
        data = query.copy()
        for key, value in {"grain": "month", "start": month_add(today.replace(day=1), -11).isoformat(),
                           "end": today.isoformat(), "compare": ""}.items():
            data.setdefault(key, value)
        return cls(data)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end comes before the start."))
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("end", _("Choose at most ten years."))
            elif cleaned.get("grain") == "day" and (end - start).days > 366:
                self.add_error("grain", _("By day, choose at most a year."))
        return cleaned


