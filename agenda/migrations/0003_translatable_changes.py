"""Changes to a session become translatable (their public reason), and the
occurrence keeps the reason in every language it was translated into.

Existing rows take the locale of their page. A translation's row is matched
to the row of the page that owns the schedule by kind and session, so the
two share a translation key; the others get a key of their own.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    ActivityChange = apps.get_model("agenda", "ActivityChange")
    ActivityPage = apps.get_model("agenda", "ActivityPage")
    owners = {}
    for page in ActivityPage.objects.order_by("pk").only("pk", "translation_key", "locale_id"):
        owners.setdefault(page.translation_key, page.pk)
    pages = {p.pk: p for p in ActivityPage.objects.only("pk", "translation_key", "locale_id")}
    keys = {}
    rows = list(ActivityChange.objects.order_by("page_id", "sort_order", "pk"))
    # Owners' rows first, so that translations find their key.
    rows.sort(key=lambda row: (owners.get(pages[row.page_id].translation_key) != row.page_id, row.pk))
    for row in rows:
        page = pages[row.page_id]
        ident = (page.translation_key, row.kind, row.original_date, row.original_time)
        row.locale_id = page.locale_id
        row.translation_key = keys.get(ident) or uuid.uuid4()
        keys.setdefault(ident, row.translation_key)
        row.save(update_fields=["locale", "translation_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="activitychange",
            name="locale",
            field=models.ForeignKey(null=True, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.AddField(
            model_name="activitychange",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="activitychange",
            name="locale",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.AlterField(
            model_name="activitychange",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="activitychange",
            unique_together={("translation_key", "locale")},
        ),
        migrations.AddField(
            model_name="occurrencedetail",
            name="reasons",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
