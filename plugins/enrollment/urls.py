from django.urls import path, re_path

from . import views

urlpatterns = [
    re_path(r"^(?P<page_id>[0-9]+)/(?P<stamp>[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4})/$", views.enrol, name="enrol"),
    path("<int:page_id>/series/", views.enrol, name="enrol_series"),
    path("cancel/<str:token>/", views.cancel, name="cancel"),
]
