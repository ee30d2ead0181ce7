"""The publishing policy of the whole site, owned by the host.

Every page (the library, advocacy, alerts, plain pages) is published by two
people: the root of the tree carries the "Communications review" workflow,
whose one task is ``SecondPersonApprovalTask`` (a member of Communications
approves, never the one who submitted). Who may skip it is a matter of
Wagtail's page permissions, nothing else: Communications is not granted
``publish`` (safespace 0008), so the workflow is its only way to publish,
in Wagtail's editor and in wagtail-localize's translation editor alike;
Administrators hold ``publish`` and may publish alone; Facilitators hold it
on the agenda only (agenda.services.agenda_page_grant). The approver publishes
what they approved without a publish permission of their own
(``publish_approved``).
"""

from __future__ import annotations

from django.apps import apps as django_apps

from . import roles

WORKFLOW_NAME = "Communications review"
TASK_NAME = "Review by a second person (Communications)"
TASK_MODEL = "safespace.SecondPersonApprovalTask"


def communications_workflow_ensure(*, apps=django_apps, task_model: str = TASK_MODEL) -> None:
    """The moderation workflow for the whole page tree (idempotent).

    Draft → submitted to review → another member of Communications approves
    (or asks for changes) → published, or scheduled when the page has a
    go-live date. Assigned to the root page, so every locale's tree has it.
    ``apps`` is the app registry and ``task_model`` the task's
    "app_label.Model", so a data migration can call this too (the task was
    ``resources.SecondPersonApprovalTask`` before safespace 0007).
    """
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model(task_model)
    ContentType = apps.get_model("contenttypes", "ContentType")

    group, _ = Group.objects.get_or_create(name=roles.COMMUNICATIONS)
    content_type, _ = ContentType.objects.get_or_create(
        app_label=Task._meta.app_label, model=Task._meta.model_name
    )
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


def publishes_after_review(page, user) -> bool:
    """Whether ``user``'s changes to ``page`` go live only through its workflow:
    the page has one and Wagtail's page permissions withhold ``publish``."""
    return page.get_workflow() is not None and not page.permissions_for_user(user).can_publish()


def publish_approved(workflow_state, user=None) -> None:
    """What a finished workflow does (``WAGTAIL_FINISH_WORKFLOW_ACTION``):
    publish the approved revision, or schedule it for its go-live date.

    Wagtail's default does the same but checks the approver's own publish
    permission, which Communications does not hold: the approval stands in for
    it, since only another member of the task's groups can give it.
    """
    workflow_state.content_object.get_latest_revision().publish(user=user, skip_permission_checks=True)
