"""The screens at the space, outside the language prefix (a screen picks its own languages)."""

app_name = "screen"
urlpatterns: list = []
