"""Every row has its space now (the previous migration): the key is required.

Its own migration, so that on PostgreSQL the rows updated before are not
altered in the same transaction (pending trigger events).
"""

import django.db.models.deletion
from django.db import migrations, models

import safespace.spaces


class Migration(migrations.Migration):

    dependencies = [("screen", "0003_spaces")]

    operations = [
        migrations.AlterField(
            model_name='announcement',
            name="site",
            field=models.ForeignKey(default=safespace.spaces.site_default_id, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.site", verbose_name="Space"),
        ),
        migrations.AlterField(
            model_name='screen',
            name="site",
            field=models.ForeignKey(default=safespace.spaces.site_default_id, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.site", verbose_name="Space"),
        ),
    ]
