from django.db import migrations

from safespace import roles


def grant(apps, schema_editor):
    # A space's administrators choose what their space shares with the network.
    roles.group_grant(apps, group_name=roles.ADMINISTRATORS, permissions=["plugins.change_networksharing"])


class Migration(migrations.Migration):
    dependencies = [("plugins", "0003_networksharing"), ("safespace", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
