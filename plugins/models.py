from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from plugins.api.forms import SitePluginsForm


@register_setting(icon="plug", name="plugins")
class SitePlugins(BaseSiteSetting):
    """Which plugins are switched on for one site. Takes effect on the next request."""

    enabled = models.JSONField(_("Enabled plugins"), default=list, blank=True)

    edit_handler = ObjectList([FieldPanel("enabled")], base_form_class=SitePluginsForm)

    class Meta:
        verbose_name = _("plugins")
        verbose_name_plural = _("plugins")

    def __str__(self):
        return f"{self._meta.verbose_name} ({self.site})"


@register_setting(icon="site", name="network")
class NetworkSharing(BaseSiteSetting):
    """What one space shares with the network's pages (each opt-in, off by default; plugins/api/network.py)."""

    impact = models.BooleanField(
        _("Add this space's figures to the network impact page"), default=False,
        help_text=_("The network's figures add up every space that shares them; small numbers stay hidden "
                    "across spaces too."),
    )
    agenda = models.BooleanField(
        _("Show this space's activities on the network agenda"), default=False,
        help_text=_("Each activity shows this space's name."),
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("network")

    def __str__(self):
        return f"{self._meta.verbose_name} ({self.site})"
