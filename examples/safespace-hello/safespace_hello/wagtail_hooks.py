from django.urls import reverse
from wagtail import hooks

from plugins.api.menu import PluginMenuItem


@hooks.register("register_admin_menu_item")
def hello_menu_item():
    return PluginMenuItem(
        "Hello", reverse("plugins:safespace_hello:index"), icon_name="help", order=900, plugin="safespace_hello"
    )
