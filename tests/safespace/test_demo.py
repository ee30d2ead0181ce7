import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
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


PERIOD_OR_DATE = re.compile(r"/\d{4}-\d{2}")


def crawl(client, start: str) -> set[str]:
    """Every local address reachable by following links from ``start``.

    Dated addresses (agenda weeks, occurrences) are visited but their own
    dated links are not followed, or the calendar would lead on for ever.
    """
    seen, todo = set(), [start]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for href in re.findall(r'<a\b[^>]*\bhref="([^"#?]+)', response.content.decode()):
            # Links to this client's own host may be written in full (two sites): follow them too.
            for origin in ("http://testserver", f"http://{client.defaults.get('HTTP_HOST', 'testserver')}"):
                href = href.removeprefix(origin)
            if not href.startswith("/") or href.startswith(("//", "/media/", "/static/", "/admin/", "/documents/")):
                continue
            if PERIOD_OR_DATE.search(path) and PERIOD_OR_DATE.search(href):
                continue
            todo.append(href)
    return seen


def test_every_live_demo_page_is_linked_from_the_home_page_of_its_language(client):
    from urllib.parse import urlsplit

    from django.test import Client

    from safespace.demo import second_space

    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    # The second space's pages, at its own address (safespace/spaces.py), from its own home page.
    space = second_space()
    other = Client(HTTP_HOST=space.hostname if space.port in (80, 443) else f"{space.hostname}:{space.port}")
    unreachable = []
    for code, _name in settings.LANGUAGES:
        reached = crawl(client, f"/{code}/")
        reached_other = crawl(other, f"/{code}/")
        for page in Page.objects.live().public().filter(depth__gt=1, locale__language_code=code).specific():
            # With two sites Wagtail writes full addresses: the host says which space's crawl to look in.
            url = page.get_url()
            parts = urlsplit(url)
            if parts.hostname == space.hostname and (parts.port or 80) == space.port:
                if parts.path not in reached_other:
                    unreachable.append(url)
            elif parts.path not in reached:
                unreachable.append(url)
    assert unreachable == []


def test_demo_refuses_production_settings_without_the_flag(settings):
    settings.SAFESPACE_DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo_data", stdout=open("/dev/null", "w"))
    assert get_user_model().objects.count() == 0

    call_command("load_demo_data", "--allow-production", stdout=open("/dev/null", "w"))
    from safespace.demo import SECOND_SPACE_USERS

    assert set(get_user_model().objects.values_list("username", flat=True)) == {
        u for u, _g, _n in DEMO_USERS + SECOND_SPACE_USERS
    }


def test_production_settings_refuse_the_demo(tmp_path):
    """The real production settings module, in its own process: nothing is created."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    database = tmp_path / "production.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="safespace.settings.production",
        PYTHONPATH=f"{root}:{root / 'site'}",
        SECRET_KEY="p" * 20 + "-a-real-looking-secret-key-0123456789-abcdefghij",
        ALLOWED_HOSTS="espai.example.org",
        DATABASE_URL=f"sqlite:///{database}",
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "load_demo_data"],
        env=env, capture_output=True, text=True, timeout=120, cwd=root,
    )
    assert done.returncode != 0
    assert "production settings" in done.stderr and "--allow-production" in done.stderr
    assert not database.exists() or database.stat().st_size == 0


def test_indexing_once_leaves_search_and_references_as_each_save_would(home):
    """The demo indexes once at the end (safespace.demo.indexing_once): afterwards the
    search finds what was saved inside, and the reference index knows its links."""
    from wagtail.models import ReferenceIndex

    from safespace.demo import indexing_once, publish

    with indexing_once():
        page = StandardPage(title="Naloxona", slug="naloxona", intro="Kit de naloxona a la recepció")
        home.add_child(instance=page)
        publish(page)
        home.refresh_from_db()
        home.featured = [("link", {"page": page, "url": "", "label": ""})]
        publish(home)
        # Inside the block nothing is indexed yet: the saves were noted, not indexed.
        assert not ReferenceIndex.get_references_to(page).exists()
        assert list(StandardPage.objects.search("recepció")) == []
    assert list(StandardPage.objects.search("recepció")) == [page]
    assert ReferenceIndex.get_references_to(page).filter(object_id=str(home.pk)).exists()
    # The handlers are back: a save after the block is indexed at once, as before.
    page.intro = "Kit a la farmàcia"
    page.save()
    assert list(StandardPage.objects.search("farmàcia")) == [page]
