"""Staff accounts: signing out, who may manage whom, the account page."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore

from safespace import roles

User = get_user_model()

pytestmark = pytest.mark.django_db


def test_a_get_to_logout_changes_nothing(client, home, user_factory):
    """405, and the session is neither dropped from the browser nor kept alive behind its back."""
    client.force_login(user_factory(is_superuser=True, is_staff=True))
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.get("/admin/logout/")
    assert response.status_code == 405
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # no Set-Cookie deleting it
    assert SessionStore(session_key).exists(session_key)
    assert client.get("/admin/").status_code == 200

    # A POST signs out on both sides.
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert not SessionStore(session_key).exists(session_key)
    assert client.get("/admin/").status_code == 302


# --- Who manages whom -----------------------------------------------------------


@pytest.fixture
def administrator(client, home, user_factory):
    user = user_factory(username="an-administrator", groups=[roles.ADMINISTRATORS])
    client.force_login(user)
    return user


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in its views by sending you to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def new_user(**extra):
    return {
        "username": "newcomer", "email": "newcomer@example.org", "first_name": "New", "last_name": "Comer",
        "password1": "a-long-new-password-81", "password2": "a-long-new-password-81", **extra,
    }


def test_an_administrator_cannot_create_a_superuser(client, administrator):
    response = client.post("/admin/users/new/", new_user(is_superuser="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="newcomer")
    assert not created.is_superuser
    assert re.search(r'<input[^>]*name="is_superuser"[^>]*disabled', client.get("/admin/users/new/").content.decode())


def test_a_superuser_can_create_a_superuser(client, home, user_factory):
    client.force_login(user_factory(is_superuser=True, is_staff=True))
    assert client.post("/admin/users/new/", new_user(is_superuser="on")).status_code == 302
    assert User.objects.get(username="newcomer").is_superuser


def test_an_administrator_cannot_touch_a_superuser(client, administrator, user_factory):
    boss = user_factory(username="boss", is_superuser=True, is_staff=True)
    before = User.objects.get(pk=boss.pk).password
    url = f"/admin/users/edit/{boss.pk}/"
    assert refused(client.get(url))
    response = client.post(url, {"username": "boss", "email": "evil@example.org", "password1": "taken-over-password-1",
                                 "password2": "taken-over-password-1", "is_active": "on"})
    assert refused(response)
    boss.refresh_from_db()
    assert boss.password == before and boss.email == ""
    assert refused(client.post(f"/admin/users/delete/{boss.pk}/"))
    assert User.objects.filter(pk=boss.pk).exists()


def test_nobody_changes_the_credentials_of_someone_with_more_rights(client, home, user_factory):
    """A Facilitator given user management still cannot edit an Administrator (more rights)."""
    from django.contrib.auth.models import Permission

    manager = user_factory(username="manager", groups=[roles.FACILITATORS])
    manager.user_permissions.add(*Permission.objects.filter(codename__in=["change_user", "add_user"]))
    admin_user = user_factory(username="an-administrator", groups=[roles.ADMINISTRATORS])
    peer = user_factory(username="peer", groups=[roles.FACILITATORS])
    client.force_login(manager)
    assert refused(client.get(f"/admin/users/edit/{admin_user.pk}/"))
    # Someone with fewer rights can be edited; their e-mail and surname stay optional.
    response = client.post(f"/admin/users/edit/{peer.pk}/", {
        "username": "peer", "email": "", "first_name": "Peer", "last_name": "", "is_active": "on",
        "groups": [Group.objects.get(name=roles.FACILITATORS).pk],
    })
    assert response.status_code == 302
    peer.refresh_from_db()
    assert peer.first_name == "Peer"


def test_nobody_grants_a_role_with_rights_they_lack(client, home, user_factory):
    from django.contrib.auth.models import Permission

    manager = user_factory(username="manager", groups=[roles.FACILITATORS])
    manager.user_permissions.add(*Permission.objects.filter(codename__in=["change_user", "add_user"]))
    client.force_login(manager)
    admins = Group.objects.get(name=roles.ADMINISTRATORS)
    response = client.post("/admin/users/new/", new_user(groups=[admins.pk]))
    assert response.status_code == 200  # the form again, with an error
    assert list(response.context["form"].errors) == ["groups"]
    assert not User.objects.filter(username="newcomer").exists()
    # Not even to themselves.
    response = client.post(f"/admin/users/edit/{manager.pk}/", {
        "username": "manager", "email": "m@example.org", "first_name": "M", "last_name": "M", "groups": [admins.pk],
    })
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["groups"]
    assert not manager.groups.filter(pk=admins.pk).exists()


def test_an_administrator_gives_the_roles_they_hold(client, administrator):
    facilitators = Group.objects.get(name=roles.FACILITATORS)
    response = client.post("/admin/users/new/", new_user(groups=[facilitators.pk]))
    assert response.status_code == 302
    assert User.objects.get(username="newcomer").groups.get() == facilitators


def test_an_administrator_cannot_give_a_group_rights_they_lack(client, administrator):
    admins = Group.objects.get(name=roles.ADMINISTRATORS)
    url = f"/admin/groups/edit/{admins.pk}/"
    offered = client.get(url).context["form"].fields["permissions"].queryset
    held = list(offered.filter(group=admins).values_list("pk", flat=True))
    delete_user = offered.exclude(pk__in=held).get(codename="delete_user")
    data = {"name": admins.name, "permissions": held + [delete_user.pk], **permission_panels(client, url)}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "permisos que tu no tens" in response.content.decode()  # the admin speaks Catalan: "rights you do not have yourself"
    assert not admins.permissions.filter(pk=delete_user.pk).exists()
    assert not administrator.has_perm("auth.delete_user")
    # The same group, saved with what they hold, is fine.
    data["permissions"] = held
    assert client.post(url, data).status_code == 302


def test_bulk_actions_follow_the_same_rule(client, administrator, user_factory):
    boss = user_factory(username="boss", is_superuser=True, is_staff=True)
    response = client.post(
        f"/admin/bulk/{User._meta.app_label}/{User._meta.model_name}/set_active_state/?id={boss.pk}",
        {"mark_as_active": "False"},
    )
    assert refused(response)
    boss.refresh_from_db()
    assert boss.is_active
    peer = user_factory(username="peer", groups=[roles.COUNTERS])
    admins = Group.objects.get(name=roles.ADMINISTRATORS)
    peer_url = f"/admin/bulk/{User._meta.app_label}/{User._meta.model_name}/assign_role/?id={peer.pk}"
    manager = user_factory(username="manager", groups=[roles.COUNTERS])
    manager.user_permissions.add(*Permission.objects.filter(codename__in=["change_user"]))
    client.force_login(manager)
    assert refused(client.post(peer_url, {"role": admins.pk}))
    assert not peer.groups.filter(pk=admins.pk).exists()


def form_fields(html: str) -> dict[str, list[str]]:
    """What a browser would submit from the page's main form, as it stands."""
    from bs4 import BeautifulSoup

    data: dict[str, list[str]] = {}
    form = BeautifulSoup(html, "html.parser").select_one("form[method=post][enctype], main form[method=post]")
    for field in form.select("input[name], select[name], textarea[name]"):
        name = field["name"]
        if field.name == "select":
            values = [o.get("value", o.text) for o in field.select("option[selected]")]
        elif field.get("type") in ("checkbox", "radio"):
            values = [field.get("value", "on")] if field.has_attr("checked") else []
        elif field.get("type") in ("submit", "button"):
            continue
        else:
            values = [field.get("value", "") if field.name == "input" else field.text]
        data.setdefault(name, []).extend(values)
    return data


def permission_panels(client, url) -> dict[str, list[str]]:
    data = form_fields(client.get(url).content.decode())
    return {k: v for k, v in data.items() if k not in ("name", "permissions", "csrfmiddlewaretoken")}


# --- The account page -------------------------------------------------------------


def test_staff_without_surname_or_email_choose_the_admin_language(client, home, user_factory):
    """As the demo accounts are: a first name, nothing else."""
    from wagtail.users.models import UserProfile

    user = user_factory(username="facilitator", first_name="Facilitator", groups=[roles.FACILITATORS])
    client.force_login(user)
    page = client.get("/admin/account/")
    assert page.status_code == 200
    data = form_fields(page.content.decode())
    data["locale-preferred_language"] = ["es"]
    response = client.post("/admin/account/", data)
    assert response.status_code == 302, response.context and [
        (p.name, p.get_form().errors) for p in response.context["panels_by_tab"].values().__iter__().__next__()
    ]
    assert UserProfile.get_for_user(user).preferred_language == "es"
    assert "Idioma preferido" in client.get("/admin/account/").content.decode()


def test_the_account_page_offers_only_time_zones_a_browser_knows(client, home, user_factory):
    """Wagtail listed the system's zoneinfo names, "localtime" among them; staff see the space's time."""
    client.force_login(user_factory(groups=[roles.FACILITATORS]))
    html = client.get("/admin/account/").content.decode()
    assert "localtime" not in html
    assert 'name="locale-current_time_zone"' not in html
