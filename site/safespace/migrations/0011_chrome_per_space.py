"""Spaces (safespace/spaces.py): MainMenu and Footer belong to one space, a Wagtail Site.

Existing rows (the one menu and footer per language the install had) are
attached to the default site, so a single-space install keeps working as it
was; other spaces get their own (services.space_create).
"""

import django.db.models.deletion
from django.db import migrations, models

import safespace.spaces


def attach(apps, schema_editor):
    safespace.spaces.rows_attach_to_default_site(apps, app_label="safespace", model_names=["MainMenu", "Footer"])


class Migration(migrations.Migration):

    dependencies = [
        ("safespace", "0010_space_languages_and_library"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="footer",
            name="site",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.site", verbose_name="Space"),
        ),
        migrations.AddField(
            model_name="mainmenu",
            name="site",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.site", verbose_name="Space"),
        ),
        migrations.RunPython(attach, migrations.RunPython.noop),
    ]
