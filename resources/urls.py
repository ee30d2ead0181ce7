"""URLs under the language prefix (/ca/, /es/, /en/)."""

app_name = "resources"
urlpatterns: list = []
