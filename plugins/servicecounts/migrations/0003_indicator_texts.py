"""Indicator names, units and descriptions move from JSON per language to
translatable IndicatorText rows (one per locale, sharing a translation_key,
translated through wagtail-localize like the agenda's categories and rooms).

Every language of every indicator is carried over (ca, es, en: whatever
settings.LANGUAGES lists); going back writes the JSON again from the rows.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TEXT_FIELDS = ("name", "unit", "description")


def texts_forward(apps, schema_editor):
    Indicator = apps.get_model("servicecounts", "Indicator")
    IndicatorText = apps.get_model("servicecounts", "IndicatorText")
    Locale = apps.get_model("wagtailcore", "Locale")
    languages = [code for code, _name in settings.LANGUAGES]
    for indicator in Indicator.objects.all():
        indicator.texts_key = uuid.uuid4()
        indicator.save(update_fields=["texts_key"])
        for code in languages:
            values = {field: ((getattr(indicator, field) or {}).get(code) or "") for field in TEXT_FIELDS}
            if any(values.values()):
                locale, _created = Locale.objects.get_or_create(language_code=code)
                IndicatorText.objects.create(translation_key=indicator.texts_key, locale=locale, **values)


def texts_backward(apps, schema_editor):
    Indicator = apps.get_model("servicecounts", "Indicator")
    IndicatorText = apps.get_model("servicecounts", "IndicatorText")
    for indicator in Indicator.objects.all():
        texts = IndicatorText.objects.filter(translation_key=indicator.texts_key).select_related("locale")
        for field in TEXT_FIELDS:
            setattr(indicator, field, {t.locale.language_code: getattr(t, field) for t in texts if getattr(t, field)})
        indicator.save(update_fields=list(TEXT_FIELDS))


class Migration(migrations.Migration):
    dependencies = [
        ("servicecounts", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndicatorText",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("name", models.CharField(blank=True, max_length=80, verbose_name="name")),
                ("unit", models.CharField(blank=True, max_length=40, verbose_name="unit")),
                ("description", models.TextField(blank=True, max_length=600, verbose_name="what is counted, exactly")),
                ("locale", models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                             to="wagtailcore.locale", verbose_name="locale")),
            ],
            options={
                "verbose_name": "indicator name",
                "verbose_name_plural": "indicator names",
                "abstract": False,
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.AddField(
            model_name="indicator",
            name="texts_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(texts_forward, texts_backward),
    ]
