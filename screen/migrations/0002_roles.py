"""Administrators and Communications manage screens and announcements."""

from django.db import migrations

from safespace import roles

PERMISSIONS = [
    f"screen.{action}_{model}"
    for model in ("screen", "announcement")
    for action in ("add", "change", "delete", "view")
]


def grant(apps, schema_editor):
    for group_name in (roles.ADMINISTRATORS, roles.COMMUNICATIONS):
        roles.group_grant(apps, group_name=group_name, permissions=PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("screen", "0001_initial"),
        ("safespace", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
