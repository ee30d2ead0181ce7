"""Moderation workflow, scheduling, admin reports and translation tools."""

import datetime

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Page, Workflow

from resources import models as m
from resources import selectors, services
from safespace import publishing, roles
from safespace.models import SecondPersonApprovalTask

from .conftest import move_go_live_into_past, publish

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def news_index(home):
    index = m.NewsIndexPage(title="Notícies", slug="noticies")
    home.add_child(instance=index)
    return publish(index)


def draft_news(news_index, user, **fields):
    page = m.NewsPage(title="Nova", slug="nova", intro="Resum", live=False, owner=user, **fields)
    news_index.add_child(instance=page)
    page.save_revision(user=user)
    return page


def news_form(**fields):
    """The news editor's POST, with "Publish" pressed."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = {"date": "2026-01-01", "intro": "y", "image": "", "image_alt": "", "body": streamfield([])}
    data |= {"comments": inline_formset([]), **fields}
    return nested_form_data(data) | {"action-publish": "action-publish"}


def test_migration_sets_up_the_review_workflow_on_the_whole_tree(home):
    workflow = Workflow.objects.get(name=publishing.WORKFLOW_NAME)
    assert workflow.active
    root = Page.get_first_root_node()
    assert root.get_workflow() == workflow
    assert home.get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert isinstance(task, SecondPersonApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == [roles.COMMUNICATIONS]


def test_setup_is_idempotent(home):
    publishing.communications_workflow_ensure()
    publishing.communications_workflow_ensure()
    assert Workflow.objects.filter(name=publishing.WORKFLOW_NAME).count() == 1
    assert SecondPersonApprovalTask.objects.count() == 1


def test_the_submitter_cannot_approve_and_a_second_person_can(news_index, comms, reviewer):
    page = draft_news(news_index, comms)
    page.get_workflow().start(page, comms)
    page = Page.objects.get(pk=page.pk).specific
    task = page.current_workflow_task
    assert task.get_actions(page, comms) == []
    assert not task.get_task_states_user_can_moderate(comms).exists()
    assert [name for name, *_ in task.get_actions(page, reviewer)][:2] == ["reject", "approve"]
    assert task.get_task_states_user_can_moderate(reviewer).count() == 1

    task.on_action(page.current_workflow_task_state, reviewer, "approve")
    page.refresh_from_db()
    assert page.live


def test_approved_with_a_go_live_date_it_waits_then_publish_scheduled_publishes_it(news_index, comms, reviewer):
    go_live = timezone.now() + datetime.timedelta(days=1)
    page = draft_news(news_index, comms, go_live_at=go_live)
    page.get_workflow().start(page, comms)
    page = Page.objects.get(pk=page.pk).specific
    page.current_workflow_task.on_action(page.current_workflow_task_state, reviewer, "approve")
    page.refresh_from_db()
    assert not page.live
    revision = page.get_latest_revision()
    assert abs(revision.approved_go_live_at - go_live) < datetime.timedelta(seconds=1)  # stored to the millisecond

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live  # not yet

    move_go_live_into_past(page)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


def test_scheduled_unpublishing(news_index, comms):
    page = draft_news(news_index, comms)
    page.live = True
    publish(page)
    m.NewsPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired


def test_communications_cannot_publish_directly_but_administrators_can(news_index, comms, user_factory, superuser, client):
    # The rule is Wagtail's page permission: Communications holds no "publish" (safespace 0008).
    admin_role = user_factory(groups=[roles.ADMINISTRATORS])
    for user, expected in [(comms, True), (admin_role, False), (superuser, False)]:
        assert publishing.publishes_after_review(news_index, user) is expected
        assert news_index.permissions_for_user(user).can_publish() is not expected
        assert news_index.permissions_for_user(user).can_publish_subpage() is not expected
    assert news_index.permissions_for_user(comms).can_edit()

    # A publish posted anyway publishes nothing: Wagtail saves a draft.
    client.force_login(comms)
    url = f"/admin/pages/add/resources/newspage/{news_index.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, news_form(title="X", slug="x"))
    assert response.status_code == 302
    assert not m.NewsPage.objects.get(slug="x").live
    page = draft_news(news_index, comms)
    response = client.post(f"/admin/pages/{page.pk}/edit/", news_form(title="X", slug="nova"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live and page.get_latest_revision_as_object().title == "X"


def test_communications_cannot_bulk_publish(news_index, comms, superuser, client):
    page = draft_news(news_index, comms)
    client.force_login(comms)
    url = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}"
    client.post(url, {})
    page.refresh_from_db()
    assert not page.live
    client.force_login(superuser)
    client.post(url, {})
    page.refresh_from_db()
    assert page.live


def test_the_editor_offers_review_not_publish_to_communications(news_index, comms, superuser, client):
    page = draft_news(news_index, comms)
    client.force_login(comms)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html
    client.force_login(superuser)
    assert 'name="action-publish"' in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()


@pytest.mark.parametrize(
    "model", [m.ResourcePage, m.NewsPage, m.CampaignPage, m.PublicationPage, m.PressPage, m.ImpactPage, m.ResourceIndexPage]
)
def test_admin_create_forms_render_for_communications(model, home, library, news_index, comms, client):
    client.force_login(comms)
    parent = {m.ResourcePage: library, m.NewsPage: news_index, m.PublicationPage: None}.get(model, home)
    if model is m.PublicationPage:
        parent = m.PublicationIndexPage(title="Pubs", slug="pubs")
        home.add_child(instance=parent)
    if model is m.ResourceIndexPage:
        library.delete()
    response = client.get(f"/admin/pages/add/resources/{model._meta.model_name}/{parent.pk}/")
    assert response.status_code == 200


def test_taxonomy_is_managed_by_communications(comms, client, terms):
    client.force_login(comms)
    response = client.get("/admin/snippets/resources/substance/")
    assert response.status_code == 200
    assert "Heroïna" in response.content.decode()
    assert client.get("/admin/snippets/resources/substance/add/").status_code == 200


def test_due_for_review_report_and_dashboard_panel(comms, client, make_resource):
    make_resource("Vella", reviewed=datetime.date(2020, 1, 1))
    make_resource("Nova")
    client.force_login(comms)
    response = client.get("/admin/resources/reports/due-for-review/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vella" in html and "Nova" not in html
    assert "Recursos pendents de revisió" in client.get("/admin/").content.decode()
    assert "Vella" in client.get("/admin/").content.decode()
    export = client.get("/admin/resources/reports/due-for-review/?export=csv")
    assert export.status_code == 200 and b"Vella" in b"".join(export.streaming_content)


def test_translation_status_shows_missing_draft_outdated_and_current(home, library, make_resource, locales, comms, client):
    page = make_resource("Naloxona", slug="naloxona", translations={"es": {"title": "Naloxona", "slug": "naloxona"}})
    english = page.copy_for_translation(locales["en"], copy_parents=True)
    english.live = False
    english.save_revision()
    rows = {row.page.pk: row for row in selectors.translation_status()}
    assert rows[page.pk].states["es"][0] == selectors.CURRENT
    assert rows[page.pk].states["en"][0] == selectors.DRAFT
    other = make_resource("Només en català", slug="nomes")
    assert rows.get(other.pk) is None
    rows = {row.page.pk: row for row in selectors.translation_status()}
    assert rows[other.pk].states == {"es": (selectors.MISSING, None), "en": (selectors.MISSING, None)}

    # The source changes after the translation: out of date.
    page = m.ResourcePage.objects.get(pk=page.pk)
    page.summary = "Nou resum"
    publish(page)
    rows = {row.page.pk: row for row in selectors.translation_status()}
    assert rows[page.pk].states["es"][0] == selectors.OUTDATED

    client.force_login(comms)
    html = client.get("/admin/resources/reports/translation-status/").content.decode()
    assert 'data-lang="es" data-state="outdated"' in html
    assert f'/admin/localize/submit/page/{other.pk}/' in html


def test_wagtail_localize_translates_a_page_and_its_report_works(home, library, make_resource, locales, comms, client):
    from wagtail_localize.models import Translation

    page = make_resource("Naloxona", slug="naloxona")
    client.force_login(comms)
    assert client.get("/admin/localize/reports/translations/").status_code == 200
    url = f"/admin/localize/submit/page/{page.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [locales["es"].pk, locales["en"].pk]})
    assert response.status_code == 302
    assert Translation.objects.filter(source__object_id=page.translation_key).count() == 2
    spanish = page.get_translation(locales["es"])
    assert not spanish.live
    rows = {row.page.pk: row for row in selectors.translation_status()}
    assert rows[page.pk].states["es"][0] == selectors.DRAFT
    # The translation editor opens on Wagtail 8.
    assert client.get(f"/admin/pages/{spanish.pk}/edit/").status_code == 200


def test_mark_reviewed_records_a_new_revision(make_resource, comms):
    page = make_resource("Vella", reviewed=datetime.date(2020, 1, 1))
    _revision, published = services.resource_mark_reviewed(resource=page, reviewed_by="Anna", user=comms)
    assert published
    page.refresh_from_db()
    assert page.last_reviewed_on == timezone.localdate()
    assert page.last_reviewed_by == "Anna"
    assert not selectors.resources_due_for_review().filter(pk=page.pk).exists()
