from django.db import migrations

from safespace import roles

# Facilitators and Administrators take attendance and read reports.
TAKE_AND_REPORT = [
    "attendance.view_sheet",
    "attendance.add_sheet",
    "attendance.change_sheet",
    "attendance.view_reports",
]
# Reopening a closed sheet is Administrators' only: closing is how a facilitator
# says "this session's figures are final", and reports and the public impact
# page rely on that. A facilitator who needs to correct closed sheets can be
# given "Can reopen a closed attendance sheet" on her own user in the admin.
ADMINISTRATORS_ONLY = ["attendance.reopen_sheet", "attendance.delete_sheet"]


def grant(apps, schema_editor):
    roles.group_grant(apps, group_name=roles.FACILITATORS, permissions=TAKE_AND_REPORT)
    roles.group_grant(apps, group_name=roles.ADMINISTRATORS, permissions=TAKE_AND_REPORT + ADMINISTRATORS_ONLY)


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_initial"), ("safespace", "0002_roles")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
