"""Fixtures shared by the whole suite.

Tests reuse the Site that Wagtail's migrations create and point its root at a
factory-built HomePage, translated into every configured language.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import Locale, Page, Site

from tests.factories import HomePageFactory, UserFactory

# Playwright's sync API runs an event loop in this thread; the live server's
# database work happens in its own thread, so Django's guard is a false alarm here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _test_db_template() -> str | None:
    """A SQLite database migrated once (``make test`` builds it: SAFESPACE_TEST_DB_TEMPLATE)."""
    template = os.environ.get("SAFESPACE_TEST_DB_TEMPLATE")
    if template and settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return template
    return None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Each test process (one per core, one per fixed clock) starts from a copy of the
    migrated template instead of running every migration again (about 45 s each on
    the 2-core machine). The copy is this process's own and goes when it ends."""
    template = _test_db_template()
    if template is None:
        yield
        return
    name = settings.DATABASES["default"]["TEST"]["NAME"]
    shutil.copyfile(template, name)
    yield
    Path(name).unlink(missing_ok=True)


@pytest.fixture(scope="session")
def django_db_keepdb(request):
    """Keep (do not re-create) the copied template: Django then applies only the
    migrations the template lacks, and still serializes it for serialized_rollback."""
    return bool(_test_db_template()) or request.config.getvalue("reuse_db")


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="Debian's chromium is not installed at /usr/bin/chromium (CI installs it)")
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            # A transactional test empties the database when it ends; without
            # serialized_rollback the migrations' rows (site, locales, groups,
            # workflow) are gone for every test after it.
            raise pytest.UsageError(f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)")
        if "browser" not in item.keywords:
            continue
        # The live server reads committed data; restoring the migrations' rows
        # (locales, root page, site, groups) keeps later tests whole.
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        if not CHROMIUM.exists():
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _playwright_before_database(request):
    """Start Playwright before the test database is set up, when browser tests run.

    Playwright's sync API keeps an event loop running in this thread; once it
    has started, Django hands out other connection objects (asgiref's Local
    goes by context). Set up before it, the test database's serialized copy
    would sit on a connection the browser tests never see, and their
    serialized_rollback would silently do nothing.
    """
    if CHROMIUM.exists() and any("browser" in item.keywords for item in request.session.items):
        request.getfixturevalue("playwright")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as the database starts empty.

    The content cache (safespace/content_cache.py), Wagtail's site root paths
    and the rate limits live in the process's cache, which outlives a test's
    rolled-back transaction.
    """
    from django.core.cache import cache

    from safespace import content_cache

    cache.clear()
    content_cache.forget_versions()  # nor the versions a request kept, should one not have finished
    yield


@pytest.fixture(autouse=True)
def _empty_queue():
    """Each test starts with an empty task queue (in memory, immediate mode),
    and no periodic job has run yet (safespace/queue.py)."""
    from safespace.queue import HUEY

    HUEY.flush()
    yield


@pytest.fixture(autouse=True)
def _public_address_is_the_live_servers(request):
    """Browser tests follow the absolute links the site writes (cancel links, the
    QR code's address): there, the public address is the live server's."""
    if "browser" in request.keywords:
        request.getfixturevalue("settings").SAFESPACE_PUBLIC_URL = request.getfixturevalue("live_server").url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES}


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(site, locales):
    """A HomePage as the site's root, with a live translation in every language."""
    from safespace.demo import indexing_once

    with indexing_once():  # Wagtail's indexes once, not after each of the nine saves
        return _home(site, locales)


def _home(site, locales):
    root = Page.get_first_root_node()
    welcome = site.root_page
    Page.objects.filter(pk=welcome.pk).update(slug="wagtail-welcome")
    home = HomePageFactory(parent=root, locale=locales[settings.LANGUAGE_CODE])
    site.root_page = home
    site.save()
    Page.objects.get(pk=welcome.pk).delete()
    for code, locale in locales.items():
        if code == settings.LANGUAGE_CODE:
            continue
        translated = home.copy_for_translation(locale)
        translated.title = f"Home {code}"
        translated.hero_heading = f"Heading {code}"
        translated.save_revision().publish()
    home.refresh_from_db()
    return home


@pytest.fixture
def user_factory(db):
    return UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


# The second space's host name: the default space is Wagtail's "localhost"
# (and any unknown host, such as the test client's "testserver").
SECOND_HOST = "127.0.0.1"


@pytest.fixture
def second_space(home):
    """A second space (safespace/spaces.py) at 127.0.0.1, with its home page in every
    language and its four groups; the default space is ``home``'s, at localhost."""
    from safespace.demo import indexing_once
    from safespace.services import space_create

    with indexing_once():
        return space_create(name="Espai Violeta", hostname=SECOND_HOST)
