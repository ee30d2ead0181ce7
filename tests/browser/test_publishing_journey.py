"""Communications writes a news item with an image and submits it; a second person approves and
schedules it; after its time it is public in three languages."""

import datetime
import io
import re

import pytest
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.utils import timezone

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.clock]



@pytest.fixture
def newsroom(live_server, home, locales, user_factory):
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from resources.models import NewsIndexPage
    from safespace import roles

    index = NewsIndexPage(title="Notícies", slug="noticies")
    home.add_child(instance=index)
    index.save_revision().publish()
    for code, slug in [("es", "noticias"), ("en", "news")]:
        translated = index.copy_for_translation(locales[code], copy_parents=True)
        translated.slug = slug
        translated.save_revision().publish()
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), "#9c1c5b").save(buffer, format="PNG")
    image = get_image_model()(title="Taller de naloxona")
    image.file.save("taller.png", ImageFile(io.BytesIO(buffer.getvalue()), name="taller.png"), save=False)
    image.save()
    writer = user_factory(username="writer", groups=[roles.COMMUNICATIONS])
    reviewer = user_factory(username="reviewer", groups=[roles.COMMUNICATIONS])
    return index, writer, reviewer


def test_a_translation_goes_through_review_too(page, live_server, newsroom, locales):
    """wagtail-localize's editor offers "Submit for review", not "Publish", to Communications;
    a second person approves from the dashboard."""
    from wagtail_localize.models import StringTranslation, Translation
    from wagtail_localize.operations import translate_object

    from resources.models import NewsPage

    index, writer, reviewer = newsroom
    base = live_server.url
    news = NewsPage(title="Obrim dissabtes", slug="obrim-dissabtes", intro="Des del gener.")
    index.add_child(instance=news)
    news.save_revision().publish()
    translate_object(news, [locales["es"]])
    translation = Translation.objects.get(source__object_id=news.translation_key, target_locale=locales["es"])
    spanish = news.get_translation(locales["es"])
    assert spanish.title == "Obrim dissabtes"
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, base, "writer")
    page.goto(f"{base}/admin/pages/{spanish.pk}/edit/")
    page.locator(".js-translation-editor footer").wait_for()
    page.screenshot(path="/tmp/translation-editor.png")
    assert page.get_by_role("button", name=re.compile("^Publica|^Publish")).count() == 0
    # The translator translates in the editor (saved as typed), then submits.
    for segment in translation.source.stringsegment_set.select_related("string"):
        StringTranslation.objects.create(
            translation_of=segment.string, locale=locales["es"], context=segment.context, data=f"[es] {segment.string.data}"
        )
    page.get_by_role("button", name=re.compile("Español|espanyol|Spanish")).click()
    page.wait_for_url(re.compile(rf"/admin/pages/{spanish.pk}/edit/$"))
    assert errors == []
    # Nothing in Spanish is public yet: a new translation starts as a draft
    # (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False); the Spanish words wait for a second person.
    spanish.refresh_from_db()
    assert not spanish.live and spanish.title == "Obrim dissabtes"
    assert spanish.current_workflow_state.requested_by == writer
    page.context.clear_cookies()

    # The second person approves it from the dashboard.
    log_in(page, base, "reviewer")
    row = page.locator("tr", has_text="[es] Obrim dissabtes")
    row.get_by_role("button", name=re.compile("^(Actions|Accions)$")).click()
    with page.expect_navigation():
        row.get_by_role("button", name=re.compile("^(Approve|Aprova)$")).click()
    spanish.refresh_from_db()
    assert spanish.live and spanish.title == "[es] Obrim dissabtes"
    assert page.goto(f"{base}{spanish.url}").status == 200


def test_write_review_schedule_translate_publish(page, live_server, newsroom, locales):
    from wagtail_localize.models import StringTranslation, Translation

    from resources.models import NewsPage
    from tests.resources.conftest import move_go_live_into_past

    index, writer, reviewer = newsroom
    base = live_server.url

    # 1. The writer drafts the news item with an image and submits it for review.
    log_in(page, base, "writer")
    page.goto(f"{base}/admin/pages/add/resources/newspage/{index.pk}/")
    page.fill("#id_title", "Formació en naloxona")
    page.fill("#id_intro", "Cada dijous, deu minuts i un kit gratuït.")
    page.get_by_role("button", name="Choose an image").click()
    page.get_by_role("link", name="Taller de naloxona").click()
    page.fill("#id_image_alt", "Persones aprenent a fer servir la naloxona")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Communications review").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    news = NewsPage.objects.get(title="Formació en naloxona")
    assert news.image_id and not news.live
    assert news.current_workflow_state.requested_by == writer

    # The writer cannot approve their own work.
    page.goto(f"{base}/admin/pages/{news.pk}/edit/")
    assert page.get_by_role("button", name=re.compile("^Approve")).count() == 0
    page.context.clear_cookies()

    # 2. A second person schedules it for tomorrow and approves.
    log_in(page, base, "reviewer")
    page.goto(f"{base}/admin/pages/{news.pk}/edit/")
    go_live = timezone.localtime() + datetime.timedelta(days=1)
    page.evaluate(
        "value => { const input = document.getElementById('id_go_live_at'); input.value = value; input.dispatchEvent(new Event('change', {bubbles: true})); }",
        go_live.strftime("%Y-%m-%d %H:%M"),
    )
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    news.refresh_from_db()
    assert not news.live
    assert news.get_latest_revision().approved_go_live_at is not None
    assert page.goto(f"{base}/ca/noticies/{news.slug}/").status == 404

    # 3. Translation into the other languages with wagtail-localize; translators fill the strings.
    page.goto(f"{base}/admin/localize/submit/page/{news.pk}/")
    page.get_by_label("Español").check()
    page.get_by_label("English").check()
    with page.expect_navigation():
        page.locator("form [type=submit]").last.click()
    assert re.search(r"/admin/pages/\d+/", page.url)
    assert Translation.objects.filter(source__object_id=news.translation_key).count() == 2
    for translation in Translation.objects.filter(source__object_id=news.translation_key):
        code = translation.target_locale.language_code
        for segment in translation.source.stringsegment_set.select_related("string"):
            StringTranslation.objects.get_or_create(
                translation_of=segment.string, locale=translation.target_locale, context=segment.context,
                defaults={"data": f"[{code}] {segment.string.data}"},
            )
        translation.save_target(user=reviewer, publish=True)
    pages = list(NewsPage.objects.filter(translation_key=news.translation_key))
    assert len(pages) == 3
    # The translations inherit the go-live time: nothing is public before it.
    assert not any(p.live for p in pages)

    # 4. Time passes.
    for translated in pages:
        if translated.get_latest_revision().approved_go_live_at:
            move_go_live_into_past(translated)
    call_command("publish_scheduled")
    for translated in NewsPage.objects.filter(translation_key=news.translation_key):
        assert translated.live, translated.locale
        response = page.goto(f"{base}{translated.url}")
        assert response.status == 200
        assert page.locator("h1").inner_text().endswith("Formació en naloxona")
        assert page.locator(".lead-image img").get_attribute("alt").endswith("Persones aprenent a fer servir la naloxona")


def test_the_reviewer_follows_awaiting_your_review_into_the_editor_and_approves(page, live_server, newsroom, locales):
    """The link under "Awaiting your review" opens wagtail-localize's editor; the approve button is there."""
    from django.test import Client
    from wagtail_localize.models import StringTranslation, Translation
    from wagtail_localize.operations import translate_object

    from resources.models import NewsPage

    index, writer, reviewer = newsroom
    base = live_server.url
    news = NewsPage(title="Tanquem per vacances", slug="tanquem", intro="Del 10 al 20.")
    index.add_child(instance=news)
    news.save_revision().publish()
    translate_object(news, [locales["es"]])
    translation = Translation.objects.get(source__object_id=news.translation_key, target_locale=locales["es"])
    for segment in translation.source.stringsegment_set.select_related("string"):
        StringTranslation.objects.create(
            translation_of=segment.string, locale=locales["es"], context=segment.context, data=f"[es] {segment.string.data}"
        )
    spanish = news.get_translation(locales["es"])
    writer_client = Client()
    writer_client.force_login(writer)
    writer_client.post(f"/admin/pages/{spanish.pk}/edit/", {"resources-submit-translation": "1"})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, base, "reviewer")
    page.locator("a", has_text="[es] Tanquem per vacances").first.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{spanish.pk}/edit/$"))
    page.locator(".js-translation-editor footer").wait_for()
    approve = page.get_by_role("button", name=re.compile("^(Approve and publish|Aprova i publica)"))
    approve.scroll_into_view_if_needed()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(500)
        page.screenshot(path=f"/tmp/staff-journey/review-in-editor-{width}.png")
    with page.expect_navigation():
        approve.click()
    spanish.refresh_from_db()
    assert spanish.live and spanish.title == "[es] Tanquem per vacances"
    assert errors == []
