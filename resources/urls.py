"""URLs under the language prefix (/ca/, /es/, /en/)."""

from django.urls import path

from . import views

app_name = "resources"
urlpatterns: list = [
    path("search/", views.search, name="search"),
]
