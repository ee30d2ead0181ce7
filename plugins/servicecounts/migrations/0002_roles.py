from django.db import migrations

from safespace import roles

# Counters count and see the totals of their own shift, nothing more: hourly
# figures over time are for the administrators who report them (see wagtail_hooks).
COUNTERS = ["servicecounts.tally"]
ADMINISTRATORS = COUNTERS + [
    "servicecounts.view_report",
    "servicecounts.view_indicator",
    "servicecounts.add_indicator",
    "servicecounts.change_indicator",
]


def grant(apps, schema_editor):
    roles.group_grant(apps, group_name=roles.COUNTERS, permissions=COUNTERS)
    roles.group_grant(apps, group_name=roles.ADMINISTRATORS, permissions=ADMINISTRATORS)


class Migration(migrations.Migration):
    dependencies = [("servicecounts", "0001_initial"), ("safespace", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
