import datetime as dt

import pytest
from django.utils import timezone

from plugins.alerts.models import AlertIndexPage, AlertPage
from plugins.models import SitePlugins
from safespace import roles


@pytest.fixture
def alerts_on(site):
    setting = SitePlugins.for_site(site)
    setting.enabled = [*setting.enabled, "alerts"]
    setting.save()
    return setting


@pytest.fixture
def alert_index(home):
    index = AlertIndexPage(title="Alerts", slug="alerts", intro="What is going around.")
    home.add_child(instance=index)
    index.save_revision().publish()
    index.refresh_from_db()
    return index


@pytest.fixture
def alert_factory(alert_index):
    def make(title="Fentanyl in heroin", publish=True, parent=None, **fields):
        now = timezone.now()
        fields.setdefault("severity", "danger")
        fields.setdefault("sold_as", "heroin")
        fields.setdefault("contains", "heroin with fentanyl")
        fields.setdefault("advice", "Start low. Don't use alone. Carry naloxone.")
        fields.setdefault("source", "Energy Control")
        fields.setdefault("valid_from", now - dt.timedelta(hours=1))
        fields.setdefault("valid_until", now + dt.timedelta(days=7))
        page = AlertPage(title=title, **fields)
        (parent or alert_index).add_child(instance=page)
        if publish:
            page.save_revision().publish()
            page.refresh_from_db()
        return page

    return make


@pytest.fixture
def comms(user_factory):
    return user_factory(username="writer", groups=[roles.COMMUNICATIONS])


@pytest.fixture
def administrator(user_factory):
    return user_factory(username="boss", groups=[roles.ADMINISTRATORS])
