"""Create the four roles with their base permissions.

Apps and plugins add their own permissions to these groups in their own
migrations (see safespace.roles.group_grant).
"""

from django.db import migrations

from safespace import roles

PAGE_ALL = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"]
MEDIA_ALL = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
]
SNIPPETS_SITE = [
    "safespace.add_mainmenu",
    "safespace.change_mainmenu",
    "safespace.add_footer",
    "safespace.change_footer",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    for name in roles.ALL_GROUPS:
        Group.objects.get_or_create(name=name)
    for name in roles.ALL_GROUPS:
        roles.group_grant(apps, group_name=name, permissions=["wagtailadmin.access_admin"])

    root = Page.objects.filter(depth=1).first()
    roles.group_grant_pages(apps, group_name=roles.COMMUNICATIONS, page=root, permissions=PAGE_ALL)
    roles.group_grant_collections(apps, group_name=roles.COMMUNICATIONS, permissions=MEDIA_ALL)
    roles.group_grant(
        apps,
        group_name=roles.COMMUNICATIONS,
        permissions=SNIPPETS_SITE + ["wagtail_localize.submit_translation"],
    )
    # Facilitators choose images for their activities.
    roles.group_grant_collections(
        apps,
        group_name=roles.FACILITATORS,
        permissions=["wagtailimages.add_image", "wagtailimages.choose_image", "wagtailimages.change_image"],
    )

    roles.group_grant_pages(apps, group_name=roles.ADMINISTRATORS, page=root, permissions=PAGE_ALL)
    roles.group_grant_collections(apps, group_name=roles.ADMINISTRATORS, permissions=MEDIA_ALL)
    roles.group_grant(
        apps,
        group_name=roles.ADMINISTRATORS,
        permissions=SNIPPETS_SITE
        + [
            "wagtail_localize.submit_translation",
            "safespace.change_sitesettings",
            "wagtailcore.add_site",
            "wagtailcore.change_site",
            "wagtailcore.add_locale",
            "wagtailcore.change_locale",
            "wagtailcore.add_workflow",
            "wagtailcore.change_workflow",
            "wagtailcore.add_task",
            "wagtailcore.change_task",
            "auth.add_user",
            "auth.change_user",
            "auth.add_group",
            "auth.change_group",
            "wagtailredirects.add_redirect",
            "wagtailredirects.change_redirect",
            "wagtailredirects.delete_redirect",
        ],
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=roles.ALL_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("safespace", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
