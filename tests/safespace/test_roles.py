import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from safespace import roles

pytestmark = pytest.mark.django_db


def test_migration_creates_the_four_roles():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ALL_GROUPS) <= names


@pytest.mark.parametrize("group_name", roles.ALL_GROUPS)
def test_every_role_can_reach_the_admin(user_factory, group_name, client, home):
    user = user_factory(groups=[group_name])
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_communications_edits_pages_and_facilitators_do_not(user_factory, home):
    comms = user_factory(groups=[roles.COMMUNICATIONS])
    facilitator = user_factory(groups=[roles.FACILITATORS])
    page = Page.objects.get(pk=home.pk)
    assert page.permissions_for_user(comms).can_edit()
    assert not page.permissions_for_user(facilitator).can_edit()


def test_communications_publishes_through_review_and_administrators_may_publish(user_factory, home):
    # Review before publish is the permission withheld (safespace 0008), nothing else.
    comms = user_factory(groups=[roles.COMMUNICATIONS])
    admin = user_factory(groups=[roles.ADMINISTRATORS])
    page = Page.objects.get(pk=home.pk)
    assert not page.permissions_for_user(comms).can_publish()
    assert not page.permissions_for_user(comms).can_publish_subpage()
    assert page.permissions_for_user(comms).can_add_subpage()
    assert page.permissions_for_user(admin).can_publish()


def test_communications_manages_images_and_counters_do_not(user_factory):
    comms = user_factory(groups=[roles.COMMUNICATIONS])
    counter = user_factory(groups=[roles.COUNTERS])
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    documents = policy_registry.get_by_type(get_document_model())
    images = policy_registry.get_by_type(get_image_model())

    assert images.user_has_permission(comms, "add")
    assert documents.user_has_permission(comms, "add")
    assert not images.user_has_permission(counter, "add")


def test_only_administrators_change_site_settings(user_factory):
    admin = user_factory(groups=[roles.ADMINISTRATORS])
    comms = user_factory(groups=[roles.COMMUNICATIONS])
    assert admin.has_perm("safespace.change_sitesettings")
    assert not comms.has_perm("safespace.change_sitesettings")
