from django.db import models
from django.utils import timezone


class Greeting(models.Model):
    """A greeting an editor can write in the admin (the example of a plugin's Wagtail viewset)."""

    text = models.CharField(max_length=200)

    # Every plugin model says how it reaches its space, or why it has none (plugins.api.sites).
    site_scope_exempt = "An example: the same greetings on every space."

    def __str__(self):
        return self.text


class Visit(models.Model):
    """Someone said hello on the public page with their participant code (the example of data
    linked to a participant: exported, erased and expired through the data-rights signals)."""

    code = models.CharField(max_length=40, db_index=True)
    at = models.DateTimeField(default=timezone.now)

    # Kept install-wide so that the example stays small; a real plugin keeps codes per space
    # (plugins.api.sites.site_field and SiteScopedManager, as enrollment's PrivateLink does).
    site_scope_exempt = "An example kept small: visits are install-wide; see the comment above."

    def __str__(self):
        return f"{self.code} {self.at:%Y-%m-%d %H:%M}"
