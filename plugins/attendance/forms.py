import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_PERIOD_DAYS = 366 * 3


def default_period() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    first = today.replace(day=1)
    for _i in range(2):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first, today


class ReportForm(forms.Form):
    group = forms.ChoiceField(
        label=_("Figures for"), required=False,
        choices=[("activity", _("Each activity")), ("category", _("Each category")), ("space", _("The whole space"))],
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To (included)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        first, last = default_period()
        cleaned["group"] = cleaned.get("group") or "activity"
        cleaned["start"] = cleaned.get("start") or first
        cleaned["end"] = cleaned.get("end") or last
        if cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(_("The period must end on or after the day it starts."))
        if (cleaned["end"] - cleaned["start"]).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Choose a period of at most three years."))
        return cleaned
