"""Communications publishes through the review only: its ``publish``
permission on pages is withdrawn (it had it on the root since 0002).

Wagtail then offers its members "Submit for review" and no "Publish", in the
page editor, the bulk actions and wagtail-localize's translation editor, and
refuses a publish they post; the "Communications review" workflow is their
only way to publish. Administrators keep ``publish`` and may publish alone.
"""

from django.db import migrations

from safespace import roles


def withhold_publish(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name=roles.COMMUNICATIONS, permission__content_type__app_label="wagtailcore",
        permission__codename="publish_page",
    ).delete()


def grant_publish_again(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        roles.group_grant_pages(apps, group_name=roles.COMMUNICATIONS, page=root, permissions=["publish_page"])


class Migration(migrations.Migration):
    dependencies = [
        ("safespace", "0007_secondpersonapprovaltask"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(withhold_publish, grant_publish_again)]
