"""URLs under the language prefix (/ca/, /es/, /en/).

The agenda's public views are routes of its Wagtail pages (AgendaPage:
week/day/month/list; ActivityPage: the activity and each occurrence), so
their addresses follow the translated slugs. Nothing else is needed here yet.
"""

app_name = "agenda"
urlpatterns: list = []
