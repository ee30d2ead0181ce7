from django.urls import path

from . import views

urlpatterns = [
    path("push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("push/unsubscribe/", views.push_unsubscribe, name="push_unsubscribe"),
    path("push/sw.js", views.service_worker, name="push_sw"),
]
