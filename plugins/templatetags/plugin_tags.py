from importlib import import_module

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail.models import Site

register = template.Library()


def _signal(dotted: str):
    module_name, _, attribute = dotted.rpartition(".")
    return getattr(import_module(module_name), attribute)


@register.simple_tag(takes_context=True)
def extension_point(context, signal_path: str, **kwargs):
    """Render what enabled plugins answer to an extension point, in order.

        {% extension_point "agenda.signals.occurrence_actions" occurrence=occurrence %}

    Receivers return HTML (already escaped, e.g. from render_to_string or
    format_html); plain strings are escaped here. ``request`` is passed along.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    responses = _signal(signal_path).send(sender=site, request=request, **kwargs)
    parts = [conditional_escape(response) for _, response in responses if response]
    return mark_safe("\n".join(parts))
