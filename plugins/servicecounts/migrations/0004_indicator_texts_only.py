"""The JSON texts are gone (0003 copied them to IndicatorText); every indicator has its texts_key.

A migration of its own: on PostgreSQL, altering a table in the transaction
that has just written its rows can fail on pending trigger events.
"""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("servicecounts", "0003_indicator_texts")]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="texts_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, help_text="The translation_key of its IndicatorText rows.", unique=True),
        ),
        migrations.RemoveField(model_name="indicator", name="description"),
        migrations.RemoveField(model_name="indicator", name="name"),
        migrations.RemoveField(model_name="indicator", name="unit"),
    ]
