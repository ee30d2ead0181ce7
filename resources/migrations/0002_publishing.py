"""The moderation workflow and the roles' permissions on the library's taxonomy."""

from django.db import migrations

from safespace import roles

TAXONOMY = ["substance", "wayofuse", "topic", "audience", "format"]


def forwards(apps, schema_editor):
    from safespace.publishing import communications_workflow_ensure

    # The task was resources' own then (it moved to the host in resources 0007, safespace 0007).
    communications_workflow_ensure(apps=apps, task_model="resources.SecondPersonApprovalTask")
    permissions = [f"resources.{action}_{model}" for model in TAXONOMY for action in ("add", "change", "delete")]
    for group_name in (roles.COMMUNICATIONS, roles.ADMINISTRATORS):
        roles.group_grant(apps, group_name=group_name, permissions=permissions)


def backwards(apps, schema_editor):
    from safespace.publishing import WORKFLOW_NAME

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).delete()
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0001_initial"),
        ("safespace", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
