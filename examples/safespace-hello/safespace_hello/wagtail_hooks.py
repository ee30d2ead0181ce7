from django.urls import reverse
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from plugins.api.menu import PluginMenuItem

from .models import Greeting


class GreetingViewSet(ModelViewSet):
    """List, add, edit and delete greetings at /admin/safespace_hello_greetings/.

    Registered with Wagtail's own hook: the plugin guard finds it (its model
    is this plugin's), so its views answer 404 and its menu item is hidden
    while the plugin is off.
    """

    model = Greeting
    form_fields = ["text"]
    icon = "help"
    menu_label = "Greetings"
    menu_order = 901
    add_to_admin_menu = True


@hooks.register("register_admin_viewset")
def greeting_viewset():
    return GreetingViewSet("safespace_hello_greetings")


@hooks.register("register_admin_menu_item")
def hello_menu_item():
    return PluginMenuItem(
        "Hello", reverse("plugins:safespace_hello:index"), icon_name="help", order=900, plugin="safespace_hello"
    )

