"""Indicator names are translatable rows (IndicatorText), not JSON per language."""

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from plugins.servicecounts import selectors
from plugins.servicecounts.models import Category, IndicatorText

from .conftest import tap
from .test_suppression import put

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


@pytest.fixture
def supplies(indicator_factory):
    return (indicator_factory("Harm-reduction kits", category=Category.SUPPLIES, unit={"en": "kits"}),
            indicator_factory("Naloxone kits", category=Category.SUPPLIES, unit={"en": "kits"}))


@pytest.mark.django_db
def test_the_funders_csv_is_the_printed_report_and_takes_no_start_or_end(client, administrator, servicecounts_on,
                                                                          supplies, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone.utc), tick=False)
    kits, naloxone = supplies
    put(kits, dt.date(2026, 10, 1), 334, day=12)
    put(naloxone, dt.date(2026, 10, 1), 3, day=20)
    client.force_login(administrator)
    url = "/admin/servicecounts/report/?format=print&period=2026-10"
    rows = list(csv.DictReader(io.StringIO(client.get(url + "&export=csv").content.decode("utf-8-sig"))))
    shown = {row["service"]: row["count"] for row in rows}
    assert shown["Harm-reduction kits (ca)"] == "334" and shown["Naloxone kits (ca)"] == "menys de 5"
    assert "337" not in shown.values() and "3" not in shown.values()
    moved = client.get(url + "&export=csv&start=2026-10-01&end=2026-10-28").content.decode("utf-8-sig")
    assert list(csv.DictReader(io.StringIO(moved))) == rows  # a start and an end are never read
    assert client.get("/admin/servicecounts/report/?format=print&period=2026-11&export=csv").status_code == 400
    xlsx = client.get(url + "&export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_the_internal_report_exports_xlsx_too(client, administrator, servicecounts_on, indicator_factory):
    tap(indicator_factory())
    client.force_login(administrator)
    today = timezone.localdate()
    response = client.get(f"/admin/servicecounts/report/?grain=day&start={today}&end={today}&export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert selectors.report_rows(selectors.report_table(start=today, end=today, grain="day"))[0]["count"] == 1
