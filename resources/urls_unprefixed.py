"""URLs outside the language prefix (feeds, JSON, machine endpoints)."""

urlpatterns: list = []
