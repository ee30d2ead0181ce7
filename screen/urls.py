"""The screens at the space, outside the language prefix (a screen picks its own languages)."""

from django.urls import path

from . import views

app_name = "screen"
urlpatterns = [
    path("<str:token>/", views.show, name="show"),
    path("<str:token>/data.json", views.data, name="data"),
    path("<str:token>/sw.js", views.service_worker, name="sw"),
    path("<str:token>/qr/<str:language>.svg", views.qr_code, name="qr"),
]
