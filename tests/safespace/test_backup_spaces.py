"""One space's backup (``backup --site``): that space's rows, none of another's, restorable alone."""

import datetime as dt
import json
import tarfile
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from plugins.enrollment.models import Enrollment, Mode, Offer
from safespace import backups
from safespace.models import SiteSettings
from tests.factories import StandardPageFactory, UserFactory

from .test_backup import fresh_database_url, manage, production_env  # noqa: F401

START = dt.datetime(2026, 12, 1, 18, tzinfo=dt.UTC)


def space_content(site, *, title, draft, code, username, settings_name):
    """A page (and a later draft of it), a staff member, a sign-up with a code, and the space's settings."""
    page = StandardPageFactory(parent=site.root_page, title=title, slug=title.lower().replace(" ", "-"))
    page.save_revision().publish()
    page.title = draft
    page.save_revision()  # a draft: the live page keeps ``title``
    group = Group.objects.filter(space__site=site).first()
    UserFactory(username=username, groups=[group.name] if group else [])
    offer = Offer.objects.create(site=site, activity_key=uuid.uuid4(), mode=Mode.SERIES)
    Enrollment.objects.create(offer=offer, code=code, status="confirmed", session_start=START,
                              session_end=START + dt.timedelta(hours=2))
    settings = SiteSettings.for_site(site)
    settings.name = settings_name
    settings.save()


A = {"title": "Taller groc", "draft": "Esborrany groc", "code": "lluna-mar-12", "username": "staff-groc",
     "settings_name": "Espai Groc"}
B = {"title": "Taller violeta", "draft": "Esborrany violeta", "code": "menta-koala-27", "username": "staff-violeta",
     "settings_name": "Espai Violeta"}


def members(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


@pytest.mark.django_db
def test_one_space_backup_holds_that_space_only_and_restores_alone(home, second_space, tmp_path, fresh_database_url):
    space_a = Site.objects.get(is_default_site=True)
    space_content(space_a, **A)
    space_content(second_space, **B)
    # B's staff member also edited A's page: that revision (keyed to B's user, about A's page) stays out.
    theirs = Page.objects.get(slug="taller-groc").specific
    theirs.title = "Revisio grisa"
    theirs.save_revision(user=get_user_model().objects.get(username=B["username"]))

    archive, manifest = backups.backup_create(output_dir=tmp_path / "backups", site=second_space)
    assert archive.name.startswith(f"safespace-backup-site{second_space.pk}-")
    assert manifest["space"]["id"] == second_space.pk and manifest["space"]["hostname"] == second_space.hostname
    files = members(archive)
    database = files["database.json"].decode()
    rows = json.loads(database)
    # B's rows are there: its site, pages (live and draft), staff, sign-up and settings...
    for value in B.values():
        assert value in database, value
    assert [r["fields"]["hostname"] for r in rows if r["model"] == "wagtailcore.site"] == [second_space.hostname]
    # ...and nothing of A: no page title, draft, code, staff member or setting of the other space.
    for value in [*A.values(), home.title, "Revisio grisa"]:
        assert value not in database, value
    assert not [r for r in rows if r["model"] == "wagtailcore.page" and r["fields"]["path"].startswith(home.path)]

    # The ordinary restore loads it into a fresh install, where B is the only (and default) space.
    env = production_env(fresh_database_url, tmp_path / "media")
    restored = manage(env, "restore", str(archive))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    after = manage(env, "shell", "-c", """
import json
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site
from plugins.enrollment.models import Enrollment
from safespace.models import SiteSettings
site = Site.objects.get()
page = Page.objects.get(slug="taller-violeta")
print(json.dumps({
    "site": [site.hostname, site.is_default_site, site.root_page.title],
    "pages": sorted(p.title for p in Page.objects.filter(depth__gt=1)),
    "page": [page.title, page.live, page.get_latest_revision_as_object().title, page.url_path.startswith(site.root_page.url_path)],
    "settings": SiteSettings.for_site(site).name,
    "users": sorted(u.username for u in get_user_model().objects.all()),
    "codes": sorted(Enrollment.objects.values_list("code", flat=True)),
    "workflow": [page.get_workflow().name, sorted(g.name for t in page.get_workflow().tasks.specific() for g in t.groups.all())],
}))
""")
    assert after.returncode == 0, after.stderr
    result = json.loads(after.stdout.strip().splitlines()[-1])
    assert result["site"] == [second_space.hostname, True, second_space.root_page.title]
    assert "Taller violeta" in result["pages"] and "Taller groc" not in result["pages"]
    assert result["page"] == ["Taller violeta", True, "Esborrany violeta", True]
    assert result["settings"] == "Espai Violeta"
    assert result["users"] == ["staff-violeta"]
    assert result["codes"] == ["menta-koala-27"]
    # The moderation workflow (on the tree's root) still guards the pages; its task names none of A's groups.
    workflow = Page.objects.get(slug="taller-violeta").get_workflow()
    theirs = set(Group.objects.filter(space__site=space_a).values_list("name", flat=True))
    assert theirs and result["workflow"] == [
        workflow.name, sorted(g.name for t in workflow.tasks.specific() for g in t.groups.all() if g.name not in theirs)
    ]


@pytest.mark.django_db
def test_backup_command_takes_a_site_and_lists_the_sites_when_unknown(home, second_space, tmp_path):
    with pytest.raises(CommandError, match=f"{second_space.pk} \\({second_space.hostname}\\)"):
        call_command("backup", "--site", "999", "--output", str(tmp_path))
    call_command("backup", "--site", str(second_space.pk), "--output", str(tmp_path))
    [archive] = tmp_path.glob("safespace-backup-site*.tar.gz")
    assert json.loads(members(archive)["manifest.json"])["space"]["id"] == second_space.pk
