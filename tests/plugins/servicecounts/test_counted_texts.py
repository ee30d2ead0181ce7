"""A counted indicator's meaning stays fixed whatever door its texts come through.

The snippet form (Snippets → Indicator names), its delete views (one, or
several at once), and wagtail-localize: "Translate", its editor's "Publish",
"Update translations". Filling a language that has no text yet is a
translation and is allowed; a text already written stays, in every language.
"""

import html
import json
import re

import pytest
from django.contrib.messages import get_messages

from plugins.servicecounts import services
from plugins.servicecounts.models import IndicatorText

from .conftest import tap

pytestmark = pytest.mark.django_db

SNIPPETS = "/admin/snippets/servicecounts/indicatortext"


def text_of(indicator, language) -> IndicatorText | None:
    return IndicatorText.objects.filter(translation_key=indicator.texts_key, locale__language_code=language).first()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def meals(indicator_factory, servicecounts_on):
    """Counted, named in Catalan and English, nothing in Spanish yet."""
    indicator = indicator_factory("Meals")
    tap(indicator)
    return indicator


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


# --- the snippet form and the delete views -------------------------------------------------


def test_the_snippet_form_refuses_a_new_meaning_with_a_400_and_fills_an_empty_field(meals, admin_client):
    catalan = text_of(meals, "ca")
    url = f"{SNIPPETS}/edit/{catalan.pk}/"
    response = admin_client.post(url, {"name": "Berenars", "unit": "", "description": ""})
    assert response.status_code == 400
    assert "Make a new version" in response.content.decode() or "versió nova" in response.content.decode()
    assert text_of(meals, "ca").name == "Meals (ca)"

    response = admin_client.post(url, {"name": "Meals (ca)", "unit": "àpats", "description": "Cada àpat servit."})
    assert response.status_code == 302
    assert (text_of(meals, "ca").unit, text_of(meals, "ca").description) == ("àpats", "Cada àpat servit.")


def test_a_counted_text_cannot_be_deleted_one_or_several_at_once(meals, admin_client, indicator_factory):
    catalan, english = text_of(meals, "ca"), text_of(meals, "en")
    response = admin_client.post(f"{SNIPPETS}/delete/{catalan.pk}/")
    assert response.status_code == 400
    assert "Meals (ca)" in response.content.decode()
    bulk = f"/admin/bulk/servicecounts/indicatortext/delete/?id={catalan.pk}&id={english.pk}"
    assert admin_client.post(bulk).status_code == 400
    assert IndicatorText.objects.filter(pk__in=[catalan.pk, english.pk]).count() == 2
    assert meals.name == {"ca": "Meals (ca)", "en": "Meals"}

    # An indicator nobody counted yet can lose a text.
    soap = indicator_factory("Soap")
    assert admin_client.post(f"{SNIPPETS}/delete/{text_of(soap, 'en').pk}/").status_code == 302
    assert text_of(soap, "en") is None


def test_the_indicator_form_and_the_snippet_follow_the_same_rule(meals):
    """The services' rule (Indicator edit form) and the row's (snippet, wagtail-localize) are one: filling is allowed."""
    with pytest.raises(services.CountError):
        services.indicator_update(indicator=meals, name={"ca": "Meals (ca)", "en": "Snacks"})
    with pytest.raises(services.CountError):
        services.indicator_update(indicator=meals, name={"ca": "Meals (ca)"})  # emptying a text is a change too
    services.indicator_update(indicator=meals, name={"ca": "Meals (ca)", "en": "Meals", "es": "Comidas"})
    assert text_of(meals, "es").name == "Comidas"


# --- wagtail-localize ----------------------------------------------------------------------


def editor_strings(response) -> dict[str, str]:
    match = re.search(r'data-props="([^"]*)"', response.content.decode())
    props = json.loads(html.unescape(match.group(1)))
    return {s["segment_id"]: s["data"] for s in props["initialStringTranslations"]}


def translate(client, meals, locales):
    """Translate the Catalan text into Spanish as a translator does: "Translate", then the editor."""
    from wagtail_localize.models import Translation

    catalan = text_of(meals, "ca")
    response = client.post(f"/admin/localize/submit/snippet/servicecounts/indicatortext/{catalan.pk}/",
                           {"locales": [locales["es"].pk]})
    assert response.status_code == 302
    translation = Translation.objects.get(source__object_id=meals.texts_key, target_locale=locales["es"])
    segment = translation.source.stringsegment_set.get(context__path="name")
    return translation, segment, text_of(meals, "es")


def type_string(client, translation, segment, value):
    url = f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/"
    assert client.put(url, f"value={value}", content_type="application/x-www-form-urlencoded").status_code in (200, 201)


def test_translating_a_counted_indicator_fills_spanish_and_then_keeps_it(meals, admin_client, locales):
    from wagtail_localize.models import StringTranslation

    translation, segment, spanish = translate(admin_client, meals, locales)
    # Nothing translated yet: the Catalan text is not taken for the Spanish one (it could never be corrected).
    assert spanish.name == ""
    meals._texts = None
    assert "es" not in meals.name

    editor = f"{SNIPPETS}/edit/{spanish.pk}/"
    type_string(admin_client, translation, segment, "Comidas")
    response = admin_client.post(editor, {"action": "publish"})
    assert response.status_code == 302
    assert text_of(meals, "es").name == "Comidas"

    # Now it is written: another Spanish name is refused, with the reason, and nothing typed is lost.
    type_string(admin_client, translation, segment, "Cenas")
    response = admin_client.post(editor, {"action": "publish"})
    assert response.status_code == 400
    assert any("Español" in m and ("new version" in m or "versió nova" in m) for m in messages_of(response))
    assert text_of(meals, "es").name == "Comidas"
    assert StringTranslation.objects.get(translation_of=segment.string, locale=locales["es"]).data == "Cenas"
    assert "Cenas" in editor_strings(response).values()

    # "Update translations" (re-sync from the source, and publish) changes nothing either, and answers.
    response = admin_client.post(f"/admin/localize/update/{translation.source.pk}/", {"publish_translations": "on"})
    assert response.status_code == 302
    assert text_of(meals, "es").name == "Comidas"


def test_a_translation_published_before_the_counts_stays_after_them(indicator_factory, servicecounts_on, admin_client,
                                                                    locales):
    soap = indicator_factory("Soap")
    translation, segment, spanish = translate(admin_client, soap, locales)
    type_string(admin_client, translation, segment, "Jabón")
    assert admin_client.post(f"{SNIPPETS}/edit/{spanish.pk}/", {"action": "publish"}).status_code == 302
    tap(soap)
    type_string(admin_client, translation, segment, "Champú")
    assert admin_client.post(f"{SNIPPETS}/edit/{spanish.pk}/", {"action": "publish"}).status_code == 400
    assert text_of(soap, "es").name == "Jabón"
