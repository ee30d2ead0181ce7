"""SiteSignal: only enabled plugins, a fixed order, Django's send/send_robust contract."""

import logging

import pytest
from django.dispatch import receiver

from plugins.api.signals import SiteSignal
from safespace.signals import home_blocks

pytestmark = pytest.mark.django_db


def test_send_lets_a_receivers_exception_through(site):
    signal = SiteSignal()

    def broken(sender, **kwargs):
        raise RuntimeError("boom")

    signal.connect(broken, weak=False)
    with pytest.raises(RuntimeError, match="boom"):
        signal.send(sender=site)


def test_send_robust_logs_and_returns_the_exception_in_order(site, caplog):
    signal = SiteSignal()

    def broken(sender, **kwargs):
        raise RuntimeError("boom")

    def working(sender, **kwargs):
        return "ok"

    signal.connect(broken, weak=False)
    signal.connect(working, weak=False)
    with caplog.at_level(logging.ERROR, logger="plugins.api.signals"):
        responses = signal.send_robust(sender=site)
    assert [receiver for receiver, _ in responses] == [broken, working]
    error, ok = (response for _, response in responses)
    assert isinstance(error, RuntimeError) and str(error) == "boom"
    assert ok == "ok"
    assert "boom" in caplog.text


def test_a_failing_plugin_never_breaks_the_page(client, home, site):
    @receiver(home_blocks, weak=False, dispatch_uid="test_broken_home_block")
    def broken(sender, **kwargs):
        raise RuntimeError("plugin bug")

    try:
        response = client.get("/en/")
        assert response.status_code == 200
    finally:
        home_blocks.disconnect(dispatch_uid="test_broken_home_block")


def test_receivers_are_called_in_a_stable_order(site):
    signal = SiteSignal()
    calls = []
    # Core receivers (this test module) always run; order is by app label, then connection.
    for name in ("first", "second", "third"):
        signal.connect(lambda sender, name=name, **kw: calls.append(name) or name, weak=False)
    assert [r for _, r in signal.send(sender=site)] == ["first", "second", "third"]


def test_send_and_send_robust_skip_a_switched_off_plugin(site, switch):
    signal = SiteSignal()

    def from_the_plugin(sender, **kwargs):
        return "plugin"

    def from_the_core(sender, **kwargs):
        return "core"

    from_the_plugin.__module__ = "safespace_hello.signals"
    signal.connect(from_the_plugin, weak=False)
    signal.connect(from_the_core, weak=False)
    assert [r for _, r in signal.send(sender=site)] == ["core"]
    assert [r for _, r in signal.send_robust(sender=site)] == ["core"]
    site = switch(site, "safespace_hello")
    # By app label; this test module belongs to no app, so it sorts first.
    assert [r for _, r in signal.send(sender=site)] == ["core", "plugin"]
    assert [r for _, r in signal.send_robust(sender=site)] == ["core", "plugin"]
