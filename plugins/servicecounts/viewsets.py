"""Indicators in the admin: Wagtail's ModelViewSet, saved through the services, access by ``services.policy``.

/admin/servicecounts/indicators/ lists them (``servicecounts_indicators:index``),
``new/`` and ``edit/<id>/`` add and change one, ``new-version/<id>/`` retires one
and starts its successor; none is deleted (retire one with an end date, or make a new version).
"""

from __future__ import annotations

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.views.snippets import SnippetViewSet

from plugins.api.admin import ServiceSaveMixin

from . import selectors, services
from .forms import IndicatorForm
from .models import Indicator, IndicatorText


class IndicatorSave(ServiceSaveMixin):
    """Create and edit go through the services, which keep a counted indicator's meaning fixed."""

    refusals = (services.CountError,)


class IndicatorCreateView(IndicatorSave, generic.CreateView):
    def get_initial(self):
        return {"active_from": timezone.localdate(), "order": 100}

    def save_object(self, form):
        return services.indicator_create(**form.values())


class IndicatorEditView(IndicatorSave, generic.EditView):
    template_name = "servicecounts/admin/indicator_edit.html"

    def save_object(self, form):
        return services.indicator_update(indicator=self.object, **form.values())


class IndicatorVersionView(IndicatorEditView):
    """A new version of a counted indicator: the old one stops the day before, and keeps its figures."""

    permission_required = "add"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["version_of"] = kwargs.pop("instance")
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "new_version": True,
                "action_url": reverse("servicecounts_indicators:new_version", args=[self.object.pk])}

    def save_object(self, form):
        values = form.values()
        self.new = services.indicator_new_version(indicator=self.object, starts=values.pop("active_from"), **values)
        return self.object

    def saved_messages(self):
        return [("success", _("The new version is counted from %(day)s; the old one keeps its figures.") % {
            "day": self.new.active_from.isoformat()})]


class IndicatorIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.indicators_listed(super().get_base_queryset(), day=timezone.localdate())

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

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("new-version/<int:pk>/", self.construct_view(
            IndicatorVersionView, **self.get_edit_view_kwargs()), name="new_version")]


class IndicatorTextViewSet(SnippetViewSet):
    """Indicator names as translatable snippets: wagtail-localize translates them (Snippets → Indicator names)."""

    model = IndicatorText
    icon = "table"
    list_display = ["name", "unit"]
