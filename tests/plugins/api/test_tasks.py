"""plugins.api.tasks.task: one-off background work for plugins, retried with backoff."""

from plugins.api.tasks import task
from safespace import queue


def test_a_plugin_task_is_enqueued_retried_with_backoff_and_runs_on_the_worker():
    done = []

    def deliver(batch):
        done.append(batch)

    deliver.__module__ = "plugins.enrollment.tasks"
    deliver = task()(deliver)
    try:
        message = deliver.s([1, 2, 3])
        assert (message.retries, message.retry_delay, message.retry_backoff) == (3, 60, 2)
        deliver([1, 2, 3])  # the tests run the queue inline (immediate mode)
    finally:
        queue.HUEY._registry.unregister(deliver.task_class)
    assert done == [[1, 2, 3]]
