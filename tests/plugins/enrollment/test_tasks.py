"""plugins/enrollment/tasks.py, and plugins.api.tasks.plugin_periodic: a plugin's
job runs only when the plugin is on for some site."""

import pytest

from plugins.api.tasks import plugin_periodic
from plugins.enrollment import tasks
from safespace import queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr(tasks, "reminders_send", lambda **kwargs: calls.append(kwargs) or 0)
    return calls


def test_reminders_are_not_sent_while_the_plugin_is_off_everywhere(site, sent):
    tasks.reminders()
    assert sent == []


def test_the_reminders_job_calls_the_service_when_the_plugin_is_on(enrollment_on, sent):
    tasks.reminders()
    assert sent == [{}]
    assert queue.last_runs()["enrollment_reminders"]["ok"] is True


def test_a_plugin_job_is_handed_the_sites_where_the_plugin_is_on(enrollment_on, site):
    heard = []

    def listen(*, sites):
        heard.append(sites)

    listen.__module__ = "plugins.enrollment.tasks"  # as if written in the plugin
    job = plugin_periodic(queue.local_crontab(minute="0"), name="enrollment_test_sites")(listen)
    assert job.name == "enrollment_test_sites"
    try:
        job()
    finally:
        queue.HUEY._registry.unregister(job.task_class)
        queue._SCHEDULES.pop("enrollment_test_sites")
    assert heard == [[site]]


def test_only_a_plugins_module_may_register_a_plugin_job():
    def not_a_plugin(*, sites):
        pass

    not_a_plugin.__module__ = "safespace.tasks"
    with pytest.raises(ValueError, match="not a plugin's module"):
        plugin_periodic(queue.local_crontab(minute="0"), name="nobody")(not_a_plugin)
