from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Enrollment, Offer


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        help_text=_("A word or two you will remember. Not your name: nobody here needs it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )
    contact = forms.CharField(
        label=_("Phone or email for a reminder (optional)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "email"}),
        help_text=_("Only if you want a reminder. It is deleted automatically after the session."),
    )
    consent = forms.BooleanField(
        label=_("I agree that you keep this contact until the session, only to remind me."),
        required=False,
    )


class OfferForm(forms.ModelForm):
    activity = forms.ChoiceField(label=_("Activity"))
    capacity = forms.IntegerField(
        label=_("Places"), max_value=32767,
        help_text=_("The activity's places: the same number shows on its page."),
    )

    class Meta:
        model = Offer
        fields = [
            "mode", "waiting_list", "opens_days_before", "closes_minutes_before",
            "series_opens_at", "series_closes_at", "active",
        ]
        widgets = {
            "series_opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "series_closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = selectors.offer_activity_choices(offer=self.instance)
        if self.instance.pk:
            self.fields["activity"].initial = str(self.instance.activity_key)
            self.fields["activity"].disabled = True
            self.fields["capacity"].initial = self.instance.capacity or None
        self.order_fields(["activity", "mode", "capacity"])

    def save(self, commit=True):
        offer = super().save(commit=False)
        offer.capacity = self.cleaned_data["capacity"]
        if offer.pk is None:
            offer.activity_key = self.cleaned_data["activity"]
        if commit:
            raise NotImplementedError("Save through services.offer_save, which writes the places too.")
        return offer

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError(_("There must be at least one place."))
        return capacity

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("series_opens_at"), cleaned.get("series_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("series_closes_at", _("Sign-up must close after it opens."))
        return cleaned


class RosterForm(forms.Form):
    """What a facilitator does on a roster: sign a code up, or act on one sign-up."""

    action = forms.ChoiceField(choices=[(a, a) for a in ("enrol", "link", "cancel", "promote")],
                               error_messages={"invalid_choice": _("Unknown action.")})
    code = forms.CharField(label=_("Participant's code"), max_length=40, required=False)
    enrollment = forms.ModelChoiceField(queryset=Enrollment.objects.none(), required=False)

    def __init__(self, *args, offer: Offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrollment"].queryset = Enrollment.objects.filter(offer=offer)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "enrol" and not cleaned.get("code"):
            self.add_error("code", forms.Field.default_error_messages["required"])
        elif action in ("link", "cancel", "promote") and not cleaned.get("enrollment"):
            self.add_error("enrollment", forms.Field.default_error_messages["required"])
        return cleaned

    def said(self) -> list[tuple[str, str]]:
        """The errors to show at the top of the roster: all but the code's, which show beside its box."""
        return [("error", " ".join(errors)) for name, errors in self.errors.items() if name != "code"]
