"""Every menu and footer has its space now (the previous migration): the key is
required, and a space has one of each per language.

Its own migration, so that on PostgreSQL the rows updated before are not
altered in the same transaction (pending trigger events).
"""

import django.db.models.deletion
from django.db import migrations, models

import safespace.spaces


class Migration(migrations.Migration):

    dependencies = [("safespace", "0011_chrome_per_space")]

    operations = [
        migrations.AlterField(
            model_name="footer",
            name="site",
            field=models.ForeignKey(default=safespace.spaces.site_default_id, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.site", verbose_name="Space"),
        ),
        migrations.AlterField(
            model_name="mainmenu",
            name="site",
            field=models.ForeignKey(default=safespace.spaces.site_default_id, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.site", verbose_name="Space"),
        ),
        migrations.AddConstraint(
            model_name="footer",
            constraint=models.UniqueConstraint(fields=("site", "locale"), name="safespace_footer_one_per_space_and_language"),
        ),
        migrations.AddConstraint(
            model_name="mainmenu",
            constraint=models.UniqueConstraint(fields=("site", "locale"), name="safespace_mainmenu_one_per_space_and_language"),
        ),
    ]
