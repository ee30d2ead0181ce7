"""Writes of the resources app."""

from __future__ import annotations

import datetime

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from safespace import roles

WORKFLOW_NAME = "Communications review"
TASK_NAME = "Review by a second person (Communications)"


def communications_workflow_ensure(*, apps=django_apps) -> None:
    """The moderation workflow for the whole page tree (idempotent).

    Draft → submitted to review → another member of Communications approves
    (or asks for changes) → published, or scheduled when the page has a
    go-live date. Assigned to the root page, so every locale's tree has it.
    ``apps`` is the app registry, so a data migration can call this too.
    """
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("resources", "SecondPersonApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    group, _ = Group.objects.get_or_create(name=roles.COMMUNICATIONS)
    content_type, _ = ContentType.objects.get_or_create(app_label="resources", model="secondpersonapprovaltask")
    task = Task.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = Task.objects.create(name=TASK_NAME, active=True, content_type=content_type)
    task.groups.add(group)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def resource_mark_reviewed(
    *, resource, user=None, reviewed_by: str | None = None, on: datetime.date | None = None
) -> tuple[Revision, bool]:
    """Record that someone checked the resource is still accurate; returns (revision, published).

    Only the review fields change, so no unreviewed content goes live with them:
    a live page with nothing pending gets a published revision of its *live*
    content with the new date. When a draft is pending or in review, the date
    is added to that draft instead (the approver publishes both), so nobody's
    draft is overwritten and no review is cancelled. ``reviewed_by`` keeps the
    current name when not given (it is public: a team, or a first name).
    """
    page = type(resource).objects.get(pk=resource.pk)
    on = on or timezone.localdate()
    reviewed_by = (reviewed_by or "").strip() or page.last_reviewed_by
    pending = page.has_unpublished_changes or page.workflow_in_progress
    if page.live and not pending and page.live_revision is not None:
        current = page.live_revision.as_object()
    else:
        current = page.get_latest_revision_as_object()
    current.last_reviewed_on, current.last_reviewed_by = on, reviewed_by
    revision = current.save_revision(user=user, log_action=True, clean=False)
    published = page.live and not pending
    if published:
        revision.publish(user=user)
    return revision, published


def translation_submit_for_review(*, translation, user) -> Revision:
    """Save a wagtail-localize translation as a draft revision and submit it to review.

    wagtail-localize has no workflow support: ``save_target(publish=False)``
    writes the translated fields into the page's row, which for a live page is
    what visitors see. So it runs in a savepoint that is rolled back, keeping
    only the content it produced; that content becomes a new revision (which
    touches neither the live content nor anything else), and the page's
    workflow starts (or restarts) on it. Nothing is public until a second
    person approves. Raises ``ValidationError`` if the page is not valid.
    """
    from wagtail.models import Page, WorkflowState

    page = Page.objects.get(pk=translation.get_target_instance().pk).specific
    with transaction.atomic():
        savepoint = transaction.savepoint()
        translation.save_target(user=user, publish=False)
        content = Page.objects.get(pk=page.pk).specific.get_latest_revision().content
        transaction.savepoint_rollback(savepoint)
        page = Page.objects.get(pk=page.pk).specific
        draft = page.with_content_json(content)
        revision = draft.save_revision(user=user, log_action=True)
        workflow = draft.get_workflow()
        state = draft.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
        else:
            if state is not None:
                state.cancel(user=user)
            workflow.start(draft, user)
    return revision
