"""The review by a second person, moved here from resources (resources 0007).

State only for the model (resources 0007 renamed its tables), and the content
type relabelled in place: its id stays, so Task.content_type of the existing
task, its workflow and every task state keep working, and the model's
permissions (tied to the content type) follow.
"""

import django.db.models.deletion
from django.db import migrations, models

MODEL = "secondpersonapprovaltask"


def relabel(apps, *, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    moving = ContentType.objects.filter(app_label=old, model=MODEL).first()
    if moving is None:
        return
    # A content type Django may have made for the new label already (a
    # `migrate` that stopped before this one runs post_migrate with today's
    # models): nothing uses it but its permissions, which the moving one has too.
    stray = ContentType.objects.filter(app_label=new, model=MODEL).first()
    if stray is not None:
        Task.objects.filter(content_type=stray).update(content_type=moving)
        stray.delete()
    moving.app_label = new
    moving.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    relabel(apps, old="resources", new="safespace")


def backwards(apps, schema_editor):
    relabel(apps, old="safespace", new="resources")


class Migration(migrations.Migration):
    dependencies = [
        ("safespace", "0006_quick_exit"),
        ("resources", "0007_approval_task_to_safespace"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SecondPersonApprovalTask",
                    fields=[
                        (
                            "task_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to="wagtailcore.task",
                            ),
                        ),
                        (
                            "groups",
                            models.ManyToManyField(
                                help_text="Pages/snippets at this step in a workflow will be moderated or approved by these groups of users",
                                to="auth.group",
                                verbose_name="groups",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "review by a second person",
                        "verbose_name_plural": "reviews by a second person",
                    },
                    bases=("wagtailcore.task",),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
