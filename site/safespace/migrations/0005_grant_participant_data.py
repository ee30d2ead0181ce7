from django.db import migrations

from safespace import roles


def grant(apps, schema_editor):
    roles.group_grant(apps, group_name=roles.ADMINISTRATORS, permissions=["safespace.manage_participant_data"])


class Migration(migrations.Migration):
    dependencies = [("safespace", "0004_participant_data_permission")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
