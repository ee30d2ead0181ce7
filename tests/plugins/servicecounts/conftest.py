import datetime as dt
import uuid

import pytest
from django.utils import timezone

from plugins.models import SitePlugins
from plugins.servicecounts import services
from plugins.servicecounts.models import Category
from safespace import roles
from tests.factories import UserFactory


@pytest.fixture
def servicecounts_on(site):
    setting = SitePlugins.for_site(site)
    setting.enabled = ["servicecounts"]
    setting.save()
    return setting


@pytest.fixture
def indicator_factory(db):
    def make(name="Meals", **fields):
        fields.setdefault("category", Category.BASIC_NEEDS)
        fields.setdefault("agreed", "assembly of March 2026")
        fields.setdefault("active_from", dt.date(2020, 1, 1))
        fields.setdefault("active_until", None)
        fields.setdefault("publishable", True)
        fields.setdefault("order", 10)
        fields.setdefault("unit", {"en": "units"})
        fields.setdefault("description", {})
        return services.indicator_create(name={"en": name, "ca": f"{name} (ca)"}, **fields)

    return make


@pytest.fixture
def counter(db):
    return UserFactory(username="counter", groups=[roles.COUNTERS])


@pytest.fixture
def administrator(db):
    return UserFactory(username="administrator", groups=[roles.ADMINISTRATORS])


@pytest.fixture
def counter_client(client, counter):
    client.force_login(counter)
    return client


def tap(indicator, *, tap_id=None, at=None, shift=None):
    return services.tap_record(tap_id=tap_id or uuid.uuid4(), at=at or timezone.now(), indicator=indicator, shift=shift)


def undo(original_id, *, tap_id=None, at=None, shift=None):
    return services.tap_record(tap_id=tap_id or uuid.uuid4(), at=at or timezone.now(), undoes=original_id, delta=-1, shift=shift)
