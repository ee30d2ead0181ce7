"""One escaping rule for extension-point output, in templates and in views."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from plugins.api.rendering import render_responses
from safespace.signals import home_blocks

pytestmark = pytest.mark.django_db

ANSWERS = [
    (None, "<b>plain</b>"),
    (None, format_html("<p>{}</p>", "<i>kept</i>")),
    (None, mark_safe("<em>safe</em>")),
    (None, None),
    (None, ""),
    (None, RuntimeError("<caught>")),
]
EXPECTED = "&lt;b&gt;plain&lt;/b&gt;\n<p>&lt;i&gt;kept&lt;/i&gt;</p>\n<em>safe</em>"


def test_render_responses_escapes_plain_strings_and_keeps_safe_html():
    assert render_responses(ANSWERS) == EXPECTED


def test_the_template_tag_follows_the_same_rule(site):
    answers = iter(ANSWERS)

    def receiver(sender, **kwargs):
        _, answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    dispatch_uids = []
    for index in range(len(ANSWERS)):
        uid = f"test_rendering_{index}"
        home_blocks.connect(receiver, weak=False, dispatch_uid=uid)
        dispatch_uids.append(uid)
    # Receivers connected under distinct uids are called in connection order.
    request = RequestFactory().get("/", HTTP_HOST=site.hostname)
    try:
        html = Template('{% load plugin_tags %}{% extension_point "safespace.signals.home_blocks" page=None %}').render(
            Context({"request": request})
        )
    finally:
        for uid in dispatch_uids:
            home_blocks.disconnect(dispatch_uid=uid)
    assert html == EXPECTED
