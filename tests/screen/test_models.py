"""Screens and announcements in the admin: who may edit them, what is valid."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safespace import roles
from screen.models import Announcement, Screen
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.mark.parametrize("group", [roles.ADMINISTRATORS, roles.COMMUNICATIONS])
def test_administrators_and_communications_manage_screens(client, group):
    user = UserFactory(groups=[group])
    for action in ("add", "change", "delete"):
        assert user.has_perm(f"screen.{action}_screen") and user.has_perm(f"screen.{action}_announcement")
    client.force_login(user)
    assert client.get("/admin/snippets/screen/screen/").status_code == 200
    assert client.get("/admin/snippets/screen/announcement/").status_code == 200


@pytest.mark.parametrize("group", [roles.FACILITATORS, roles.COUNTERS])
def test_other_roles_do_not(client, group):
    user = UserFactory(groups=[group])
    assert not user.has_perm("screen.change_screen") and not user.has_perm("screen.add_announcement")


def test_admin_creates_a_screen_and_gives_it_a_new_address(client, superuser, rooms):
    client.force_login(superuser)
    form = {
        "name": "Cuina", "rooms": [rooms["kitchen"].pk], "days_ahead": "2", "languages": ["ca", "es"],
        "rotate_seconds": "15", "refresh_seconds": "60", "orientation": "portrait",
    }
    assert client.get("/admin/snippets/screen/screen/add/").status_code == 200
    response = client.post("/admin/snippets/screen/screen/add/", form)
    assert response.status_code == 302, response.content[:2000]
    screen = Screen.objects.get(name="Cuina")
    assert list(screen.rooms.all()) == [rooms["kitchen"]] and screen.languages == ["ca", "es"]
    old = screen.token
    edit = f"/admin/snippets/screen/screen/edit/{screen.pk}/"
    page = client.get(edit).content.decode()
    assert old in page  # the address is shown, read-only
    assert client.post(edit, form).status_code == 302
    screen.refresh_from_db()
    assert screen.token == old
    assert client.post(edit, {**form, "regenerate_token": "on"}).status_code == 302
    screen.refresh_from_db()
    assert screen.token != old


def test_admin_rejects_bad_values(client, superuser):
    client.force_login(superuser)
    form = {"name": "X", "days_ahead": "15", "languages": [], "rotate_seconds": "1", "refresh_seconds": "600",
            "orientation": "sideways"}
    response = client.post("/admin/snippets/screen/screen/add/", form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"days_ahead", "languages", "rotate_seconds", "refresh_seconds", "orientation"}
    assert not Screen.objects.exists()


def test_announcement_must_end_after_it_starts(locales):
    now = timezone.now()
    announcement = Announcement(title="A", starts_at=now, ends_at=now - dt.timedelta(minutes=1), locale=locales["ca"])
    with pytest.raises(ValidationError) as error:
        announcement.full_clean()
    assert "ends_at" in error.value.message_dict
