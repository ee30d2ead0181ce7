from django.urls import path, re_path

from . import views

urlpatterns = [
    re_path(r"^(?P<page_id>[0-9]+)/(?P<stamp>[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4})/$", views.enrol, name="enrol"),
    path("<int:page_id>/series/", views.enrol, name="enrol_series"),
    path("cancel/<str:token>/", views.cancel, name="cancel"),
    path("mine/<str:token>/", views.mine, name="mine"),
    path("mine/<str:token>/calendar.ics", views.mine_calendar, name="mine_calendar"),
    path("mine/<str:token>/forget/", views.mine_forget, name="mine_forget"),
]
