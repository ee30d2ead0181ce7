"""The alerts demo: two current alerts (danger, caution) and one expired, in three languages; the screen shows the danger one."""

import pytest

from plugins.alerts import demo, selectors
from screen.models import Screen
from screen.selectors import screen_data

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def test_the_demo_has_two_current_alerts_and_one_expired_in_three_languages(home, locales):
    demo.load_demo()
    demo.load_demo()  # safe to run again
    for code, locale in locales.items():
        current = selectors.alerts_current(locale=locale)
        assert [a.severity for a in current] == ["danger", "caution"]
        assert all(a.locale == locale for a in current)
        assert [a.severity for a in selectors.alerts_expired(locale=locale)] == ["warning"]
    screen = Screen.objects.create(name="Entrada", languages=["ca", "es", "en"])
    urgent = [n for n in screen_data(screen=screen)["notices"] if n["urgent"]]
    assert [n["title"] for n in urgent] == [{"ca": "Fentanil en heroïna", "es": "Fentanilo en heroína", "en": "Fentanyl in heroin"}]
