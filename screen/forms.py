"""The screen's admin form: one extra box to give a screen a new address."""

from django import forms
from django.utils.translation import gettext_lazy as _

from safespace.space_admin import SpaceOwnedForm


class ScreenForm(SpaceOwnedForm):
    regenerate_token = forms.BooleanField(
        label=_("Give this screen a new address"), required=False,
        help_text=_("The old address stops working at once: open the new one on the screen."),
    )

    def save(self, commit=True):
        from .services import screen_token_regenerate

        screen = super().save(commit=commit)
        if commit and self.cleaned_data.get("regenerate_token"):
            screen_token_regenerate(screen=screen)
        return screen
