"""The roles of the platform, as Django groups with Wagtail permissions.

Groups are created by a data migration (safespace 0002). Apps and plugins that
come later add their own permissions to these groups from their own
migrations with ``group_grant``; nobody edits this file to do so.

Communications may add and change every page but not publish it (0008): its
pages go live through the "Communications review" workflow, approved by a
second member (see publishing.py). Administrators may publish alone;
Facilitators publish on the agenda, which grants them its pages.
"""

FACILITATORS = "Facilitators"
COMMUNICATIONS = "Communications"
COUNTERS = "Counters"
ADMINISTRATORS = "Administrators"
ALL_GROUPS = (FACILITATORS, COMMUNICATIONS, COUNTERS, ADMINISTRATORS)
# Its members reach every space (safespace/space_admin.py) with the rights of
# their other groups; it gives no right by itself.
NETWORK_ADMINISTRATORS = "Network administrators"
# Export or erase everything linked to a participant code (Settings → Participant data).
MANAGE_PARTICIPANT_DATA = "safespace.manage_participant_data"


def space_group_name(*, space_name: str, role: str) -> str:
    """The name of a space's group for ``role``: "Espai Lila · Facilitators"."""
    return f"{space_name} · {role}"


def ensure_permissions(apps) -> None:
    """Create the Permission rows of every app now; Django waits for post_migrate."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def group_grant(apps, *, group_name: str, permissions: list[str]) -> None:
    """Give ``group_name`` the permissions named "app_label.codename" (idempotent)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ensure_permissions(apps)
    group, _ = Group.objects.get_or_create(name=group_name)
    for dotted in permissions:
        app_label, codename = dotted.split(".", 1)
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        group.permissions.add(permission)


def group_grant_pages(apps, *, group_name: str, page, permissions: list[str]) -> None:
    """Give ``group_name`` Wagtail page permissions on ``page`` and its subtree."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ensure_permissions(apps)
    group, _ = Group.objects.get_or_create(name=group_name)
    for codename in permissions:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page_id=page.pk, permission=permission)


def group_grant_collections(apps, *, group_name: str, permissions: list[str]) -> None:
    """Give ``group_name`` image/document permissions ("app.codename") on the root collection."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    ensure_permissions(apps)
    group, _ = Group.objects.get_or_create(name=group_name)
    root = Collection.objects.filter(depth=1).first()
    for dotted in permissions:
        app_label, codename = dotted.split(".", 1)
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)
