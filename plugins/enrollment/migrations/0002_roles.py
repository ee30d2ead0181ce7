from django.db import migrations

from safespace import roles

FACILITATORS = [
    "enrollment.view_enrollment",
    "enrollment.add_enrollment",
    "enrollment.change_enrollment",
    "enrollment.view_offer",
    "enrollment.add_offer",
    "enrollment.change_offer",
]


def grant(apps, schema_editor):
    roles.group_grant(apps, group_name=roles.FACILITATORS, permissions=FACILITATORS)
    roles.group_grant(
        apps,
        group_name=roles.ADMINISTRATORS,
        permissions=FACILITATORS + ["enrollment.delete_enrollment", "enrollment.delete_offer", "enrollment.erase_code"],
    )


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0001_initial"), ("safespace", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
