from importlib import import_module

from django import template
from wagtail.models import Site

from plugins.api.rendering import render_responses

register = template.Library()


def _signal(dotted: str):
    module_name, _, attribute = dotted.rpartition(".")
    return getattr(import_module(module_name), attribute)


@register.simple_tag(takes_context=True)
def extension_point(context, signal_path: str, **kwargs):
    """Render what enabled plugins answer to an extension point, in order.

        {% extension_point "agenda.signals.occurrence_actions" occurrence=occurrence %}

    Escaping follows ``plugins.api.rendering``: safe HTML is kept, plain
    strings are escaped. ``request`` is passed along. A receiver that raises
    is logged and skipped, so a broken plugin never breaks the page.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return render_responses(_signal(signal_path).send_robust(sender=site, request=request, **kwargs))
