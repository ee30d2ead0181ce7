from wagtail.admin.panels import Panel
from wagtail.models import Site


class ExtensionPointPanel(Panel):
    """A panel of the activity's edit form filled by enabled plugins.

    Renders what receivers of ``agenda.signals.activity_edit_panels`` return;
    hidden when no plugin has anything to say.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtailadmin/panels/help_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            from plugins.api.rendering import render_responses

            from .signals import activity_edit_panels

            site = Site.find_for_request(self.request) if self.request is not None else None
            self.content = ""
            if site is not None:
                responses = activity_edit_panels.send_robust(sender=site, activity=self.instance, request=self.request)
                self.content = render_responses(responses)

        def is_shown(self):
            return bool(self.content) and super().is_shown()
