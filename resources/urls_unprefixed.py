"""URLs outside the language prefix (feeds, JSON, machine endpoints)."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("robots.txt", views.robots_txt, name="resources_robots"),
    path("sitemap.xml", views.sitemap, name="resources_sitemap"),
]
