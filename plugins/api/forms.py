from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


def plugin_choices():
    from plugins.api.registry import all_plugins

    choices = []
    for plugin in all_plugins():
        detail = ", ".join(part for part in (plugin.version and f"v{plugin.version}", plugin.author) if part)
        label = f"{plugin.name} — {plugin.description}" if plugin.description else plugin.name
        choices.append((plugin.label, f"{label} ({detail})" if detail else label))
    return choices


class SitePluginsForm(WagtailAdminModelForm):
    enabled = forms.MultipleChoiceField(
        label=_("Plugins switched on for this site"),
        help_text=_("Changes take effect on the next page load. Data of a switched-off plugin is kept."),
        choices=plugin_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def save(self, commit=True):
        """Switch each changed plugin through ``plugin_enable``, the one write path."""
        if not commit:
            return super().save(commit=False)
        from plugins.api.services import plugin_enable

        before = set(self.initial.get("enabled") or [])
        after = set(self.cleaned_data.get("enabled") or [])
        site = self.instance.site
        for label in sorted(before ^ after):
            plugin_enable(site=site, label=label, enabled=label in after)
        self.instance.refresh_from_db()
        return self.instance
