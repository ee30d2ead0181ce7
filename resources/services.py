"""Writes of the resources app."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision


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
        # Whoever may edit the resource (the view checks it), Communications
        # included, who may not publish: only the review date goes live here.
        revision.publish(user=user, skip_permission_checks=True)
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
