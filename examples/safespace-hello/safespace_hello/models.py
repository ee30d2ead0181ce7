from django.db import models


class Greeting(models.Model):
    """A greeting an editor can write in the admin (the example of a plugin's Wagtail viewset)."""

    text = models.CharField(max_length=200)

    def __str__(self):
        return self.text
