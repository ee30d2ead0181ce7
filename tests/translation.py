"""Translating a page the way translators do, with wagtail-localize."""

from wagtail.models import Page


def localize(page, locale, *, strings=None, publish=False, user=None):
    """Translate ``page`` with wagtail-localize; ``strings`` maps a source string to its translation."""
    from wagtail_localize.models import StringTranslation, Translation
    from wagtail_localize.operations import translate_object

    translate_object(page, [locale])
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)
    for segment in translation.source.stringsegment_set.select_related("string"):
        text = (strings or {}).get(segment.string.data)
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string, locale=locale, context=segment.context, defaults={"data": text}
            )
    if publish:
        translation.save_target(user=user, publish=False)
        target = Page.objects.get(pk=translation.get_target_instance().pk).specific
        target.get_latest_revision().publish()
    return translation, Page.objects.get(pk=translation.get_target_instance().pk).specific
