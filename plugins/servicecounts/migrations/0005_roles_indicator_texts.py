"""Administrators look after indicator names and their translations (wagtail-localize)."""

from django.db import migrations

from safespace import roles

TEXTS = ["servicecounts.view_indicatortext", "servicecounts.add_indicatortext", "servicecounts.change_indicatortext"]


def grant(apps, schema_editor):
    roles.group_grant(apps, group_name=roles.ADMINISTRATORS, permissions=TEXTS)


class Migration(migrations.Migration):
    dependencies = [("servicecounts", "0004_indicator_texts_only"), ("safespace", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
