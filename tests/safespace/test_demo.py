import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from safespace.demo import DEMO_USERS
from safespace.models import Footer, HomePage, MainMenu, StandardPage

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": sum(p.revisions.count() for p in Page.objects.all()),
        "users": get_user_model().objects.count(),
        "menus": MainMenu.objects.count(),
        "footers": Footer.objects.count(),
    }


def test_demo_builds_a_site_in_every_language_and_loads_twice_unchanged(client):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    languages = {code for code, _ in settings.LANGUAGES}
    assert set(HomePage.objects.live().values_list("locale__language_code", flat=True)) == languages
    assert StandardPage.objects.live().count() >= 3 * len(languages)
    assert set(MainMenu.objects.values_list("locale__language_code", flat=True)) == languages

    before = counts()
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    assert counts() == before

    for code in languages:
        assert client.get(f"/{code}/").status_code == 200


def test_demo_has_one_account_per_role(client):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    User = get_user_model()
    for username, group, _ in DEMO_USERS:
        user = User.objects.get(username=username)
        if group:
            assert user.groups.filter(name=group).exists()
        else:
            assert user.is_superuser
    assert client.login(username="facilitator", password="facilitator-demo-2026")
