"""Translations made in wagtail-localize go through the review by a second person,
and "Mark as reviewed" on resources."""

import datetime
import html
import json
import re

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, WorkflowState

from resources import models as m
from safespace import roles
from tests.translation import localize

pytestmark = pytest.mark.django_db


def editor_props(response) -> dict:
    match = re.search(r'data-props="([^"]*)"', response.content.decode())
    return json.loads(html.unescape(match.group(1)))


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def resource(make_resource):
    return make_resource("Naloxona", slug="naloxona", summary="Resum en català.")


# --- (a) the translation editor --------------------------------------------------


def test_the_translation_editor_offers_review_not_publish_to_communications(resource, locales, comms, superuser, client):
    _translation, spanish = localize(resource, locales["es"], strings={"Naloxona": "Naloxona ES"})
    client.force_login(comms)
    response = client.get(f"/admin/pages/{spanish.pk}/edit/")
    assert response.status_code == 200
    assert editor_props(response)["perms"]["canPublish"] is False
    page_html = response.content.decode()
    assert 'name="resources-submit-translation"' in page_html
    assert "Envia la traducció" in page_html or "Submit the" in page_html

    client.force_login(superuser)
    response = client.get(f"/admin/pages/{spanish.pk}/edit/")
    assert editor_props(response)["perms"]["canPublish"] is True
    assert 'name="resources-submit-translation"' not in response.content.decode()


def test_a_direct_publish_of_a_translation_is_refused_and_nothing_is_lost(resource, locales, comms, client):
    from wagtail_localize.models import StringTranslation

    translation, spanish = localize(resource, locales["es"], strings={"Naloxona": "Naloxona ES"})
    strings_before = StringTranslation.objects.filter(locale=locales["es"]).count()
    revisions_before = spanish.revisions.count()
    client.force_login(comms)
    url = f"/admin/pages/{spanish.pk}/edit/"
    response = client.post(url, {"action": "publish"})
    # wagtail-localize's own check (page_perms.can_publish()): PermissionDenied,
    # which Wagtail's admin turns into a redirect to the dashboard with a message.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert messages_of(response)
    spanish.refresh_from_db()
    assert not spanish.live
    assert spanish.revisions.count() == revisions_before
    assert StringTranslation.objects.filter(locale=locales["es"]).count() == strings_before
    # The editor still opens with the translated text.
    follow = client.get(url)
    assert follow.status_code == 200
    assert any(s["data"] == "Naloxona ES" for s in editor_props(follow)["initialStringTranslations"])


def test_submit_for_review_keeps_the_live_translation_until_a_second_person_approves(
    resource, locales, comms, reviewer, client, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import StringTranslation

    translation, spanish = localize(
        resource, locales["es"], strings={"Naloxona": "Naloxona ES", "Resum en català.": "Resumen."}, publish=True
    )
    assert spanish.live and spanish.title == "Naloxona ES"
    # The translator changes the title, then submits.
    segment = translation.source.stringsegment_set.get(string__data="Naloxona")
    StringTranslation.objects.filter(translation_of=segment.string, locale=locales["es"]).update(data="Naloxona: guía")
    client.force_login(comms)
    url = f"/admin/pages/{spanish.pk}/edit/"
    response = client.post(url, {"resources-submit-translation": "1"})
    assert response.status_code == 302 and response["Location"] == url
    assert any("revisió" in text or "review" in text for text in messages_of(response))

    spanish = m.ResourcePage.objects.get(pk=spanish.pk)
    # Visitors still see the reviewed translation...
    assert spanish.live and spanish.title == "Naloxona ES"
    assert client.get(spanish.url).content.decode().count("Naloxona: guía") == 0
    # ... and the new one waits for a second person.
    assert spanish.get_latest_revision().as_object().title == "Naloxona: guía"
    state = spanish.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == comms
    task = spanish.current_workflow_task
    assert task.get_actions(spanish, comms) == []
    assert "Review by a second person" in client.get(url).content.decode() or "segona persona" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        task.on_action(spanish.current_workflow_task_state, reviewer, "approve")
    spanish = m.ResourcePage.objects.get(pk=spanish.pk)
    assert spanish.live and spanish.title == "Naloxona: guía"
    assert spanish.summary == "Resumen."


def test_the_reviewer_approves_in_the_translation_editor(
    resource, locales, comms, reviewer, client, django_capture_on_commit_callbacks
):
    """"Awaiting your review" links a translation to its edit view, which is
    wagtail-localize's editor: the reviewer finds Approve and Request changes there."""
    _translation, spanish = localize(resource, locales["es"], strings={"Naloxona": "Naloxona ES"})
    url = f"/admin/pages/{spanish.pk}/edit/"
    client.force_login(comms)
    client.post(url, {"resources-submit-translation": "1"})
    spanish = m.ResourcePage.objects.get(pk=spanish.pk)
    task_state = spanish.current_workflow_task_state
    approve = f"/admin/pages/workflow/action/{spanish.pk}/approve/{task_state.pk}/"
    reject = f"/admin/pages/workflow/action/{spanish.pk}/reject/{task_state.pk}/"
    # The translator who submitted it gets no approve button.
    assert approve not in client.get(url).content.decode()

    client.force_login(reviewer)
    dashboard = client.get("/admin/").content.decode()
    assert url in dashboard  # "Awaiting your review" links to the editor...
    editor = client.get(url).content.decode()
    assert f'action="{approve}"' in editor and f'formaction="{reject}"' in editor  # ... which can approve
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve, {"comment": ""})
    assert response.status_code == 302
    spanish = m.ResourcePage.objects.get(pk=spanish.pk)
    assert spanish.live and spanish.title == "Naloxona ES"
    assert spanish.current_workflow_state is None


def test_submitting_again_restarts_the_review_on_the_latest_text(resource, locales, comms, client):
    _translation, spanish = localize(resource, locales["es"], strings={"Naloxona": "Naloxona ES"})
    client.force_login(comms)
    url = f"/admin/pages/{spanish.pk}/edit/"
    client.post(url, {"resources-submit-translation": "1"})
    first = Page.objects.get(pk=spanish.pk).current_workflow_state
    client.post(url, {"resources-submit-translation": "1"})
    states = WorkflowState.objects.for_instance(spanish)
    assert states.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1
    first.refresh_from_db()
    assert first.status == WorkflowState.STATUS_CANCELLED
    assert not Page.objects.get(pk=spanish.pk).live


def test_administrators_still_publish_translations_directly(resource, locales, superuser, client, django_capture_on_commit_callbacks):
    _translation, spanish = localize(resource, locales["es"], strings={"Naloxona": "Naloxona ES"})
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{spanish.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    spanish.refresh_from_db()
    assert spanish.live and spanish.title == "Naloxona ES"


def test_facilitators_pages_keep_publishing_without_review(home, locales, user_factory, client, django_capture_on_commit_callbacks):
    from agenda.models import AgendaPage

    agenda = AgendaPage(title="Agenda", slug="agenda")
    home.add_child(instance=agenda)
    agenda.save_revision().publish()
    _translation, spanish = localize(agenda, locales["es"], strings={"Agenda": "Agenda ES"})
    facilitator = user_factory(username="fac", groups=[roles.FACILITATORS])
    client.force_login(facilitator)
    url = f"/admin/pages/{spanish.pk}/edit/"
    response = client.get(url)
    assert response.status_code == 200
    assert editor_props(response)["perms"]["canPublish"] is True
    assert 'name="resources-submit-translation"' not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "publish"})
    spanish.refresh_from_db()
    assert spanish.live and spanish.title == "Agenda ES"


def test_sync_translated_pages_does_not_publish_for_communications(
    resource, locales, comms, superuser, client, django_capture_on_commit_callbacks
):
    translation, spanish = localize(resource, locales["es"], strings={"Naloxona": "Naloxona ES"})
    url = f"/admin/localize/update/{translation.source.pk}/"
    client.force_login(comms)
    response = client.get(url)
    assert response.status_code == 200
    assert 'type="checkbox" name="publish_translations"' not in response.content.decode()
    assert "Submit for review" in response.content.decode() or "Envia la traducció a revisió" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302
    assert any("revisió" in text or "review" in text for text in messages_of(response))
    spanish.refresh_from_db()
    assert not spanish.live

    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"publish_translations": "on"})
    spanish.refresh_from_db()
    assert spanish.live


# --- (b) "Mark as reviewed" --------------------------------------------------------


def test_mark_reviewed_publishes_only_the_review_date(make_resource, comms, client):
    page = make_resource("Vella", reviewed=datetime.date(2020, 1, 1))
    url = f"/admin/resources/reports/{page.pk}/mark-reviewed/"
    client.force_login(comms)
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": "/admin/resources/reports/due-for-review/"})
    assert response.status_code == 302 and response["Location"] == "/admin/resources/reports/due-for-review/"
    assert messages_of(response)
    page = m.ResourcePage.objects.get(pk=page.pk)
    assert page.live and not page.has_unpublished_changes
    assert page.last_reviewed_on == timezone.localdate()
    assert page.last_reviewed_by == "Equip de salut"  # the public name is kept
    assert not m.ResourcePage.objects.filter(pk=page.pk).filter(
        pk__in=__import__("resources.selectors", fromlist=["x"]).resources_due_for_review().values("pk")
    ).exists()
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=comms).exists()
    assert PageLogEntry.objects.filter(page=page, action="wagtail.edit", user=comms).exists()
    # Another site's address in "next" is ignored.
    response = client.post(url, {"next": "https://elsewhere.example/"})
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"


def test_mark_reviewed_leaves_a_pending_draft_to_its_review(make_resource, comms, client):
    page = make_resource("Vella", reviewed=datetime.date(2020, 1, 1), summary="Publicat.")
    draft = page.get_latest_revision_as_object()
    draft.summary = "Canvi sense revisar."
    draft.save_revision(user=comms)
    client.force_login(comms)
    client.post(f"/admin/resources/reports/{page.pk}/mark-reviewed/")
    page = m.ResourcePage.objects.get(pk=page.pk)
    assert page.summary == "Publicat."  # nothing unreviewed went live
    latest = page.get_latest_revision_as_object()
    assert latest.summary == "Canvi sense revisar." and latest.last_reviewed_on == timezone.localdate()


def test_mark_reviewed_is_for_people_who_may_edit_the_resource(make_resource, user_factory, client):
    page = make_resource("Vella", reviewed=datetime.date(2020, 1, 1))
    url = f"/admin/resources/reports/{page.pk}/mark-reviewed/"
    response = client.post(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    for group in (roles.COUNTERS, roles.FACILITATORS):
        client.force_login(user_factory(username=group, groups=[group]))
        response = client.post(url)
        # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert m.ResourcePage.objects.get(pk=page.pk).last_reviewed_on == datetime.date(2020, 1, 1)
    assert client.post("/admin/resources/reports/999999/mark-reviewed/").status_code == 404


def test_mark_reviewed_needs_the_csrf_token(make_resource, comms):
    from django.test import Client

    page = make_resource("Vella", reviewed=datetime.date(2020, 1, 1))
    client = Client(enforce_csrf_checks=True)
    client.force_login(comms)
    assert client.post(f"/admin/resources/reports/{page.pk}/mark-reviewed/").status_code == 403


def test_mark_reviewed_buttons_in_the_editor_header_and_the_report(make_resource, comms, client):
    page = make_resource("Vella", reviewed=datetime.date(2020, 1, 1))
    client.force_login(comms)
    action_url = f"/admin/resources/reports/{page.pk}/mark-reviewed/"
    edit_html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert f'data-w-action-url-value="{action_url}"' in edit_html
    report = client.get("/admin/resources/reports/due-for-review/").content.decode()
    assert re.search(rf'<form[^>]*method="post"[^>]*action="{action_url}"', report)
    assert "csrfmiddlewaretoken" in report
