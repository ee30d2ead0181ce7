"""Spaces (safespace/spaces.py): Closure, Room belong to one space, a Wagtail Site.

Existing rows are attached to the default site, so a single-space install
keeps working as it was.
"""

import django.db.models.deletion
from django.db import migrations, models

import safespace.spaces


def attach(apps, schema_editor):
    safespace.spaces.rows_attach_to_default_site(apps, app_label='agenda', model_names=['Closure', 'Room'])


class Migration(migrations.Migration):

    dependencies = [
        ('agenda', '0006_pictograms_and_easy_read'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AddField(
            model_name='closure',
            name="site",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.site", verbose_name="Space"),
        ),
        migrations.AddField(
            model_name='room',
            name="site",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.site", verbose_name="Space"),
        ),
        migrations.RunPython(attach, migrations.RunPython.noop),
    ]
