"""One number of places: the activity's own "Places" (agenda.ActivityPage.capacity).

An offer's places were a second number (12) next to the activity's (6). The
offer's is the one sign-up enforced, so it is kept: it is written to every
translation of the activity's page and to their revisions (so the next edit
keeps it), then the offer's column goes. Going back copies the page's number
to the offer (12 if the page has none).
"""

from django.db import migrations, models


def _pages(apps, activity_key):
    ActivityPage = apps.get_model("agenda", "ActivityPage")
    return ActivityPage.objects.filter(translation_key=activity_key).order_by("pk")


def places_to_pages(apps, schema_editor):
    Offer = apps.get_model("enrollment", "Offer")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="agenda", model="activitypage").first()
    for offer in Offer.objects.all():
        for page in _pages(apps, offer.activity_key):
            page.capacity = offer.capacity
            page.save(update_fields=["capacity"])
            if content_type is None:
                continue
            for revision in Revision.objects.filter(content_type=content_type, object_id=str(page.pk)):
                if isinstance(revision.content, dict) and revision.content.get("capacity") != offer.capacity:
                    revision.content["capacity"] = offer.capacity
                    revision.save(update_fields=["content"])


def places_to_offers(apps, schema_editor):
    Offer = apps.get_model("enrollment", "Offer")
    for offer in Offer.objects.all():
        page = _pages(apps, offer.activity_key).first()
        offer.capacity = (page.capacity if page is not None else None) or 12
        offer.save(update_fields=["capacity"])


class Migration(migrations.Migration):
    dependencies = [
        ("enrollment", "0002_roles"),
        ("agenda", "0003_translatable_changes"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # A default only so that going back can add the column again.
        migrations.AlterField("offer", "capacity", models.PositiveSmallIntegerField(default=12, verbose_name="Places")),
        migrations.RunPython(places_to_pages, places_to_offers),
        migrations.RemoveField("offer", "capacity"),
    ]
