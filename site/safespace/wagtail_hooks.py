from django.urls import include, path
from wagtail import hooks

from . import twofactor

twofactor_urls = [
    path("setup/", twofactor.setup, name="setup"),
    path("verify/", twofactor.verify, name="verify"),
    path("recovery/", twofactor.recovery, name="recovery"),
]


@hooks.register("register_admin_urls")
def twofactor_admin_urls():
    return [path("2fa/", include((twofactor_urls, "safespace_2fa"), namespace="safespace_2fa"))]
