"""The review by a second person moved from resources to the host
(resources 0007, safespace 0007): an installed space keeps its workflow, its
task, the task's groups and every review in progress, both ways."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page, Task, TaskState, WorkflowState

from resources import models as m
from safespace import publishing, roles
from safespace.models import SecondPersonApprovalTask

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("resources", "0006_networkimpactpage"), ("safespace", "0006_quick_exit")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return executor


@pytest.fixture(autouse=True)
def _content_types_cached_again():
    """Leave ContentType's cache full, as every other test does. The next transactional
    test restores the database from its serialized copy; a model saved then (raw) that asks
    for its content type would find neither the cache nor the table and create it, and the
    copy's own row would then clash (UNIQUE app_label, model)."""
    yield
    from django.apps import apps

    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


def test_a_review_in_progress_survives_the_move_both_ways(home, user_factory):
    writer = user_factory(username="writer", groups=[roles.COMMUNICATIONS])
    reviewer = user_factory(username="second", groups=[roles.COMMUNICATIONS])
    index = m.NewsIndexPage(title="Notícies", slug="noticies")
    home.add_child(instance=index)
    index.save_revision().publish()
    page = m.NewsPage(title="Nova", slug="nova", intro="Resum", live=False, owner=writer)
    index.add_child(instance=page)
    page.save_revision(user=writer)
    page.get_workflow().start(page, writer)
    task = Task.objects.get(name=publishing.TASK_NAME)
    content_type_id = task.content_type_id
    task_state = Page.objects.get(pk=page.pk).current_workflow_task_state

    executor = migrate(BEFORE)
    # Back as it was before the move: resources' tables and content type, same rows.
    tables = connection.introspection.table_names()
    assert "resources_secondpersonapprovaltask" in tables and "safespace_secondpersonapprovaltask" not in tables
    assert ContentType.objects.get(pk=content_type_id).app_label == "resources"
    old_task = executor.loader.project_state(BEFORE).apps.get_model("resources", "SecondPersonApprovalTask")
    assert list(old_task.objects.get(pk=task.pk).groups.values_list("name", flat=True)) == [roles.COMMUNICATIONS]
    # What a `migrate` stopped half-way leaves: post_migrate made today's content type already.
    ContentType.objects.create(app_label="safespace", model="secondpersonapprovaltask")

    migrate()
    tables = connection.introspection.table_names()
    assert "safespace_secondpersonapprovaltask" in tables and "resources_secondpersonapprovaltask" not in tables
    assert "safespace_secondpersonapprovaltask_groups" in tables
    content_type = ContentType.objects.get(pk=content_type_id)
    assert (content_type.app_label, content_type.model_class()) == ("safespace", SecondPersonApprovalTask)
    assert not ContentType.objects.filter(app_label="resources", model="secondpersonapprovaltask").exists()
    moved = Task.objects.get(pk=task.pk).specific
    assert isinstance(moved, SecondPersonApprovalTask)
    assert list(moved.groups.values_list("name", flat=True)) == [roles.COMMUNICATIONS]

    page = Page.objects.get(pk=page.pk).specific
    assert page.current_workflow_task_state.pk == task_state.pk
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_task.get_actions(page, writer) == []
    moved.on_action(page.current_workflow_task_state, reviewer, "approve")
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED
    page.refresh_from_db()
    assert page.live
