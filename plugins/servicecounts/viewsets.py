"""Indicators in the admin: Wagtail's ModelViewSet, saved through the services.

/admin/servicecounts/indicators/ lists them (``servicecounts_indicators:index``),
``new/`` and ``edit/<id>/`` add and change one, ``new-version/<id>/`` retires one
and starts its successor. Access is the model's permissions (Administrators),
by Wagtail's permission policy; nothing is deleted from here (counts hang on
an indicator: retire it with an end date, or make a new version).
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from . import services
from .forms import IndicatorForm
from .models import Indicator, IndicatorText


class IndicatorPermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, without delete: counts hang on an indicator."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)


class IndicatorSave:
    """Create and edit go through the services, which keep a counted indicator's meaning fixed."""

    success_url_name = "servicecounts_indicators:index"

    def save_instance(self):
        return self.save_values(self.form.values())

    def save_action(self):
        from django.contrib import messages

        messages.success(self.request, self.saved_message())
        return redirect(self.success_url_name)

    def saved_message(self):
        return _("Saved.")

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.CountError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class IndicatorCreateView(IndicatorSave, generic.CreateView):
    def get_initial(self):
        return {"active_from": timezone.localdate(), "order": 100}

    def save_values(self, values):
        return services.indicator_create(**values)


class IndicatorEditView(IndicatorSave, generic.EditView):
    template_name = "servicecounts/admin/indicator_edit.html"

    def save_values(self, values):
        if self.form.locked:  # disabled fields come back as their initial values: keep what is there
            for name in Indicator.MEANING_FIELDS:
                if isinstance(values.get(name), dict):
                    values[name] = {**values[name], **{k: v for k, v in (getattr(self.object, name) or {}).items() if v}}
        return services.indicator_update(indicator=self.object, **values)


class IndicatorVersionView(IndicatorEditView):
    """A new version of a counted indicator: the old one stops the day before, and keeps its figures."""

    permission_required = "add"
    template_name = "servicecounts/admin/indicator_edit.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["version_of"] = kwargs.pop("instance")
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "new_version": True,
                "action_url": reverse("servicecounts_indicators:new_version", args=[self.object.pk])}

    def save_values(self, values):
        self.new = services.indicator_new_version(indicator=self.object, starts=values.pop("active_from"), **values)
        return self.object

    def saved_message(self):
        return _("The new version is counted from %(day)s; the old one keeps its figures.") % {
            "day": self.new.active_from.isoformat()}


class IndicatorIndexView(generic.IndexView):
    def get_base_queryset(self):
        today = timezone.localdate()
        counted_now = Q(active_from__lte=today) & (Q(active_until__isnull=True) | Q(active_until__gte=today))
        return (super().get_base_queryset().select_related("replaces")
                .annotate(retired=Case(When(counted_now, then=Value(0)), default=Value(1), output_field=IntegerField()))
                .order_by("retired", "order", "pk"))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if services.indicator_has_counts(indicator=instance) and self.permission_policy.user_has_permission(
                self.request.user, "add"):
            buttons.append(ListingButton(_("Make a new version"),
                                         url=reverse("servicecounts_indicators:new_version", args=[instance.pk])))
        return buttons


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    icon = "table"
    menu_label = gettext_lazy("Indicators")
    index_view_class = IndicatorIndexView
    add_view_class = IndicatorCreateView
    edit_view_class = IndicatorEditView
    copy_view_enabled = False
    list_display = [
        Column("label", label=gettext_lazy("Indicator"), accessor="label"),
        Column("category", label=gettext_lazy("Category"), accessor="get_category_display"),
        "agreed",
        DateColumn("active_from", label=gettext_lazy("Counted from")),
        DateColumn("active_until", label=gettext_lazy("Counted until")),
        "publishable",
    ]

    def get_form_class(self, for_update=False):
        return IndicatorForm

    @property
    def new_version_view(self):
        return self.construct_view(IndicatorVersionView, **self.get_edit_view_kwargs())

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("new-version/<int:pk>/", self.new_version_view, name="new_version")]


class IndicatorTextViewSet(SnippetViewSet):
    """Indicator names as translatable snippets: wagtail-localize translates them (Snippets → Indicator names)."""

    model = IndicatorText
    icon = "table"
    list_display = ["name", "unit"]
