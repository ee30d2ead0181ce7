"""URLs outside the language prefix (feeds, JSON, machine endpoints).

The language of a feed or of the JSON is chosen with ``?lang=ca|es|en``.
"""

from django.urls import path

from . import views

urlpatterns: list = [
    path("feeds/agenda.ics", views.feed_all, name="agenda_feed"),
    path("feeds/agenda/category/<slug:slug>.ics", views.feed_category, name="agenda_feed_category"),
    path("feeds/agenda/activity/<int:page_id>.ics", views.feed_activity, name="agenda_feed_activity"),
    path("api/agenda/occurrences.json", views.api_occurrences, name="agenda_api_occurrences"),
]
