"""Indicator names are translatable rows (IndicatorText), not JSON per language."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from plugins.servicecounts.models import IndicatorText

from .conftest import tap

pytestmark = pytest.mark.clock

NAMES = {"ca": "Àpats", "es": "Comidas", "en": "Meals"}


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_data_migration_carries_every_language_over_and_back():
    old = migrate(("servicecounts", "0002_roles"))
    before = old.get_model("servicecounts", "Indicator").objects.create(
        name=NAMES, unit={"ca": "àpats", "es": "comidas", "en": "meals"}, description={"en": "Each meal served."},
        category="basic_needs", agreed="assembly", active_from=dt.date(2026, 1, 1),
    )
    new = migrate(("servicecounts", "0005_roles_indicator_texts"))
    indicator = new.get_model("servicecounts", "Indicator").objects.get(pk=before.pk)
    texts = new.get_model("servicecounts", "IndicatorText").objects.filter(translation_key=indicator.texts_key)
    assert {t.locale.language_code: (t.name, t.unit) for t in texts} == {
        "ca": ("Àpats", "àpats"), "es": ("Comidas", "comidas"), "en": ("Meals", "meals")}
    assert texts.get(locale__language_code="en").description == "Each meal served."

    back = migrate(("servicecounts", "0002_roles"))
    again = back.get_model("servicecounts", "Indicator").objects.get(pk=before.pk)
    assert again.name == NAMES and again.description == {"en": "Each meal served."}
    migrate(("servicecounts", "0005_roles_indicator_texts"))


@pytest.mark.django_db
def test_names_follow_the_page_language(indicator_factory):
    meals = indicator_factory("Meals")
    from plugins.servicecounts import services

    services.indicator_update(indicator=meals, name=NAMES)
    meals.refresh_from_db()
    meals._texts = None
    assert IndicatorText.objects.filter(translation_key=meals.texts_key).count() == 3
    for language, name in NAMES.items():
        with translation.override(language):
            assert meals.label() == name
    assert meals.label("de") == "Àpats"  # not a language of the site: the default one


@pytest.mark.django_db
def test_a_counted_name_cannot_change_through_the_snippet_but_a_translation_can_be_added(indicator_factory):
    meals = indicator_factory("Meals")
    tap(meals)
    text = IndicatorText.objects.get(translation_key=meals.texts_key, locale__language_code="en")
    text.name = "Snacks"
    with pytest.raises(ValidationError):
        text.full_clean()
    text.name, text.unit = "Meals", "units"
    text.full_clean()
