"""Facilitators and Administrators manage the agenda's snippets: categories,
rooms and closures. Page permissions on the agenda come with each AgendaPage
(see agenda.handlers.grant_facilitators_on_agenda)."""

from django.db import migrations

from safespace import roles

SNIPPETS = [
    f"agenda.{action}_{model}"
    for model in ("category", "room", "closure")
    for action in ("add", "change", "delete")
]


def grant(apps, schema_editor):
    for group_name in (roles.FACILITATORS, roles.ADMINISTRATORS):
        roles.group_grant(apps, group_name=group_name, permissions=SNIPPETS)


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0001_initial"),
        ("safespace", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
