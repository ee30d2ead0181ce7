"""Rendering what receivers of an extension point return, with one escaping rule.

A receiver returns HTML it has made safe (``render_to_string``,
``format_html``, ``mark_safe`` on its own markup) or plain text. The rule, the
same for templates (``{% extension_point %}``) and for views:

- a ``SafeString`` (anything with ``__html__``) is kept as it is;
- anything else, a plain ``str`` included, is escaped;
- ``None`` and ``""`` show nothing, nor does an exception that ``send_robust``
  caught (it has been logged).
"""

from __future__ import annotations

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def render_responses(responses) -> SafeString:
    """Join the ``(receiver, response)`` pairs of a signal send into HTML, one per line."""
    return mark_safe("\n".join(
        conditional_escape(html) for _receiver, html in responses if html and not isinstance(html, BaseException)
    ))
