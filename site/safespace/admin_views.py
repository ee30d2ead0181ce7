"""Data rights in the admin: export or erase everything linked to a participant code."""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from plugins.api import codes, sites

from . import services
from .roles import MANAGE_PARTICIPANT_DATA as PERMISSION


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Participant's code"), max_length=40)
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that erasing deletes every record linked to this code, for good."),
        required=False,
    )
    all_spaces = forms.BooleanField(
        label=gettext_lazy("In every space of the network (not only this one)"), required=False,
    )

    def __init__(self, *args, network_admin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not network_admin:  # a space's staff act in their own space only
            del self.fields["all_spaces"]


def participant_data(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form = CodeForm(request.POST or None, network_admin=sites.is_network_admin(request.user))
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        code = codes.normalize(form.cleaned_data["code"])
        # A code is per space: the request's space, or every space for a network administrator who asks.
        space = None if form.cleaned_data.get("all_spaces") else sites.current_site()
        if not code:
            form.add_error("code", _("Give a participant code."))
        elif request.POST.get("action") == "export":
            with sites.scope(space):
                data = services.participant_export(code=code)
            response = HttpResponse(
                json.dumps(data, indent=2, sort_keys=True, default=str, ensure_ascii=False),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="participant-{code}.json"'
            return response
        elif request.POST.get("action") == "erase":
            if not form.cleaned_data["confirm"]:
                form.add_error("confirm", _("Tick the box to confirm."))
            else:
                with sites.scope(space):
                    erased = services.participant_erase(code=code)
                deleted = sum(erased.values())
                messages.success(request, ngettext(
                    "Deleted %(n)d record linked to the code.", "Deleted %(n)d records linked to the code.", deleted,
                ) % {"n": deleted})
                return redirect("safespace_participant_data")
        else:
            form.add_error(None, _("Unknown action."))
    return render(request, "safespace/participant_data.html", context, status=400 if form.errors else 200)
