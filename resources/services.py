"""Writes of the resources app."""

from __future__ import annotations

import datetime

from django.apps import apps as django_apps
from django.utils import timezone

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


def resource_mark_reviewed(*, resource, reviewed_by: str, user=None, on: datetime.date | None = None, publish: bool = False):
    """Record that someone checked the resource is still accurate; a new revision."""
    resource.last_reviewed_on = on or timezone.localdate()
    resource.last_reviewed_by = reviewed_by
    revision = resource.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return revision
