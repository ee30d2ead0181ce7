"""A resource's document links become translatable children of the page (issue 14:
"A Catalan document title shows on the Spanish and English resource pages").

Existing rows take their page's locale; the rows that translations of a page
copied from the source (same place in the list, same document) share one
translation key, as wagtail-localize would have given them.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def keys_and_locales(apps, schema_editor):
    ResourceDocument = apps.get_model("resources", "ResourceDocument")
    keys = {}
    rows = ResourceDocument.objects.select_related("page").order_by("pk")
    for row in rows:
        page = row.page
        group = (page.translation_key, row.sort_order, row.document_id)
        key = keys.setdefault(group, uuid.uuid4())
        ResourceDocument.objects.filter(pk=row.pk).update(locale_id=page.locale_id, translation_key=key)


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0004_document_link_text_help"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="resourcedocument",
            name="locale",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.AddField(
            model_name="resourcedocument",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(keys_and_locales, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="resourcedocument",
            name="locale",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.AlterField(
            model_name="resourcedocument",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name="resourcedocument",
            unique_together={("translation_key", "locale")},
        ),
    ]
