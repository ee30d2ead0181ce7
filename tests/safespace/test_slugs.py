"""Page addresses: ASCII slugs from titles, and translations with a slug of their own (issue 14)."""

import pytest
from django.conf import settings
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.operations import translate_object

from safespace.models import StandardPage

pytestmark = pytest.mark.django_db


def test_a_new_page_gets_a_plain_ascii_slug_from_its_title(home):
    assert settings.WAGTAIL_ALLOW_UNICODE_SLUGS is False
    page = StandardPage(title="Taller de ceràmica", slug="")
    home.add_child(instance=page)
    assert page.slug == "taller-de-ceramica"


@pytest.fixture
def christmas(home):
    page = StandardPage(title="Horari de Nadal", slug="horari-de-nadal")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_translation_published_with_the_source_slug_gets_one_from_its_title(christmas, locales, client):
    spanish = christmas.copy_for_translation(locales["es"])
    assert spanish.slug == "horari-de-nadal"
    spanish.title = "Horario de Navidad"
    revision = spanish.save_revision()
    revision.publish()
    spanish.refresh_from_db()
    assert spanish.slug == "horario-de-navidad" and spanish.url_path.endswith("/horario-de-navidad/")
    assert client.get("/es/horario-de-navidad/").status_code == 200
    # The next edit starts from the published revision: it keeps the new slug.
    assert spanish.get_latest_revision_as_object().slug == "horario-de-navidad"
    christmas.refresh_from_db()
    assert christmas.slug == "horari-de-nadal"


def test_through_wagtail_localize_with_the_slug_segment_left_as_it_was(christmas, locales,
                                                                       django_capture_on_commit_callbacks):
    translate_object(christmas, [locales["es"]])
    translation = Translation.objects.get(source__object_id=christmas.translation_key, target_locale=locales["es"])
    for segment in translation.source.stringsegment_set.select_related("string"):
        data = {"Horari de Nadal": "Horario de Navidad"}.get(segment.string.data, segment.string.data)
        StringTranslation.objects.create(translation_of=segment.string, locale=locales["es"],
                                         context=segment.context, data=data)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translation.save_target(publish=True)
    spanish = christmas.get_translation(locales["es"])
    assert (spanish.title, spanish.slug) == ("Horario de Navidad", "horario-de-navidad")


def test_a_slug_the_translator_chose_is_kept(christmas, locales):
    english = christmas.copy_for_translation(locales["en"])
    english.title, english.slug = "Christmas opening hours", "christmas"
    english.save_revision().publish()
    english.refresh_from_db()
    assert english.slug == "christmas"
