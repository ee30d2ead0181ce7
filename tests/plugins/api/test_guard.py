"""Everything a plugin shows or serves follows its switch."""

import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from wagtail.admin.viewsets.model import ModelViewSet

from agenda.models import Room
from plugins.api import guard
from plugins.api.registry import plugin_labels
from plugins.models import SitePlugins

pytestmark = pytest.mark.django_db


def enable(site, *labels):
    setting = SitePlugins.for_site(site)
    setting.enabled = list(labels)
    setting.save()


def test_plugin_urls_answer_404_while_switched_off(client, home, site):
    assert client.get("/en/plugins/safespace_hello/").status_code == 404
    enable(site, "safespace_hello")
    response = client.get("/en/plugins/safespace_hello/")
    assert response.status_code == 200
    assert "A page served by the Hello plugin" in response.content.decode()


def test_admin_menu_entry_follows_the_switch(client, home, site, superuser):
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert "/plugins/safespace_hello/" not in html
    assert "/admin/safespace_hello_greetings/" not in html  # the viewset's own menu item
    enable(site, "safespace_hello")
    html = client.get("/admin/").content.decode()
    assert "/plugins/safespace_hello/" in html
    assert "/admin/safespace_hello_greetings/" in html


def test_a_404_inside_the_admin_stays_a_404(client, home, superuser):
    client.force_login(superuser)
    response = client.get("/admin/pages/999999/edit/")
    assert response.status_code == 404


def test_unprefixed_public_paths_still_get_their_language(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 302
    assert response["Location"].endswith("/no-such-page/")


def test_home_shows_the_plugin_block_only_while_enabled(client, home, site):
    assert "Hello from a plugin" not in client.get("/en/").content.decode()
    enable(site, "safespace_hello")
    assert "Hello from a plugin" in client.get("/en/").content.decode()
    enable(site)
    assert "Hello from a plugin" not in client.get("/en/").content.decode()


def test_a_plugins_wagtail_viewset_answers_404_while_switched_off(client, home, site, superuser, switch):
    from safespace_hello.models import Greeting

    greeting = Greeting.objects.create(text="Bon dia")
    client.force_login(superuser)
    index = reverse("safespace_hello_greetings:index")
    add = reverse("safespace_hello_greetings:add")
    urls = [index, add, reverse("safespace_hello_greetings:edit", args=[greeting.pk])]
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    assert client.post(add, {"text": "Hola"}).status_code == 404
    assert Greeting.objects.count() == 1

    switch(site, "safespace_hello")
    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    assert "Bon dia" in client.get(index).content.decode()
    assert client.post(add, {"text": "Hola"}).status_code == 302
    assert Greeting.objects.filter(text="Hola").exists()

    switch(site, "safespace_hello", on=False)
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]


def _routes(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def test_every_route_of_a_plugin_carries_the_guard():
    plugin_namespaces = {ns: label for ns, label in guard._viewset_namespaces().items()}
    plugin_namespaces.update({label: label for label in plugin_labels()})
    plugin_namespaces.update({f"{label}_admin": label for label in plugin_labels()})
    guarded, unguarded = set(), []
    for namespace, pattern in _routes(get_resolver().url_patterns):
        owner = plugin_namespaces.get(namespace) or guard.plugin_of_view(pattern.callback)
        if owner is None:
            continue
        if guard.is_guarded(pattern.callback, owner):  # the outermost layer, before the admin's login
            guarded.add(owner)
        else:
            unguarded.append(f"{namespace}:{pattern.name}")
    assert unguarded == []
    # The example's viewset and every built-in plugin's admin are among them.
    assert {"safespace_hello", "enrollment", "attendance", "servicecounts"} <= guarded
    assert "safespace_hello_greetings" in plugin_namespaces


def test_register_plugin_viewset_claims_a_viewset_over_a_host_model(site, switch, monkeypatch):
    from plugins.api import urls

    registered = []
    monkeypatch.setattr(urls.hooks, "register", lambda name, fn: registered.append((name, fn)))
    viewset = ModelViewSet("test_rooms", model=Room, form_fields=["name"])
    assert guard.plugin_of_viewset(viewset) is None  # a host model, a Wagtail class
    urls.register_plugin_viewset("safespace_hello", viewset)
    ((hook, fn),) = registered
    assert hook == "register_admin_viewset" and fn() is viewset
    assert guard.plugin_of_viewset(viewset) == "safespace_hello"


def test_require_plugin_follows_the_switch_for_the_requests_site(site, switch):
    view = guard.require_plugin("safespace_hello")(lambda request: HttpResponse("hello"))
    request = RequestFactory().get("/", HTTP_HOST=site.hostname)
    with pytest.raises(Http404):
        view(request)
    switch(site, "safespace_hello")
    assert view(RequestFactory().get("/", HTTP_HOST=site.hostname)).content == b"hello"


def test_guard_urlpatterns_reaches_included_patterns(site):
    def hello(request):
        return HttpResponse("hello")

    inner = [path("a/", hello, name="a")]
    from django.urls import include

    patterns = guard.guard_urlpatterns("safespace_hello", [path("x/", include((inner, "x")))])
    (callback,) = [pattern.callback for _ns, pattern in _routes(patterns)]
    assert getattr(callback, guard.GUARD_ATTRIBUTE) == "safespace_hello"
    with pytest.raises(Http404):
        callback(RequestFactory().get("/", HTTP_HOST=site.hostname))
