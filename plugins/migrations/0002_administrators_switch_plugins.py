from django.db import migrations

from safespace import roles


def grant(apps, schema_editor):
    roles.group_grant(apps, group_name=roles.ADMINISTRATORS, permissions=["plugins.change_siteplugins"])


class Migration(migrations.Migration):
    dependencies = [("plugins", "0001_initial"), ("safespace", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
