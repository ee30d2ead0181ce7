"""URLs under the language prefix (/ca/, /es/, /en/)."""

app_name = "agenda"
urlpatterns: list = []
