"""The alerts as feeds that other systems read: Atom, and CAP 1.2.

- ``AlertAtomFeed``: the current alerts of one language, for people and feed readers.
- ``AlertCapIndexFeed``: an Atom index of CAP documents, the form alert hubs
  and signage players (Google Public Alerts, the WMO Alert Hub, Xibo's CAP
  widget) poll: one entry per current alert, whose link (``rel="alternate"``,
  ``type="application/cap+xml"``) is that alert's CAP 1.2 message.
- ``cap_message``: the CAP 1.2 ``<alert>`` of one alert, one ``<info>`` per
  language it is published in. CAP has no "drug checking" category: it is
  ``Health``; the severity maps information→Minor, caution→Moderate,
  warning→Severe, danger→Extreme.

Only alerts valid now are in the feeds: an alert leaves them at its end.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from safespace.addresses import absolute_url, page_full_url

from . import selectors
from .models import AlertPage, Severity

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
CAP_TYPE = "application/cap+xml"
CAP_SEVERITY = {
    Severity.INFORMATION: "Minor",
    Severity.CAUTION: "Moderate",
    Severity.WARNING: "Severe",
    Severity.DANGER: "Extreme",
}


class AlertAtomFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, index):
        self.request = request
        self.language = index.locale.language_code
        return index

    def title(self, index):
        return index.title

    def subtitle(self, index):
        return index.intro or index.title

    def link(self, index):
        return page_full_url(index, request=self.request)

    def feed_url(self, index):
        return absolute_url(self.request.path)

    def items(self, index):
        return selectors.alerts_current(now=timezone.now(), locale=index.locale, parent=index)

    def item_title(self, item):
        return f"{item.get_severity_display()}: {item.title}"

    def item_description(self, item):
        found = f"{item.sold_as}: {item.contains}" if item.sold_as else item.contains
        return f"{found}\n\n{item.advice}"

    def item_link(self, item):
        return page_full_url(item, request=self.request)

    def item_guid(self, item):
        return f"{page_full_url(item, request=self.request)}#{item.live_revision_id}"

    def item_pubdate(self, item):
        return item.valid_from

    def item_updateddate(self, item):
        return item.last_published_at or item.valid_from

    def item_author_name(self, item):
        return item.source


class _CapIndexAtom(Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("link", "", {"rel": "related", "type": CAP_TYPE, "href": item["cap_url"]})


class AlertCapIndexFeed(AlertAtomFeed):
    feed_type = _CapIndexAtom

    def title(self, index):
        return f"{index.title} (CAP 1.2)"

    def item_extra_kwargs(self, item):
        return {"cap_url": absolute_url(item.url + "cap/") if item.url else ""}


def _cap_time(moment: dt.datetime) -> str:
    """CAP's dateTime: local time with its offset, whole seconds, never "Z" (CAP 1.2, 3.3.2)."""
    local = timezone.localtime(moment).replace(microsecond=0)
    return local.isoformat()


def cap_sender() -> str:
    host = urlsplit(absolute_url("/")).hostname or "localhost"
    return f"alerts@{host}"


def cap_message(page: AlertPage) -> bytes:
    """The CAP 1.2 message of ``page``'s alert, in every language it is published in."""
    versions = list(
        AlertPage.objects.live().filter(translation_key=page.translation_key).select_related("locale").order_by("pk")
    ) or [page]
    source = next((p for p in versions if p.locale.language_code == settings.LANGUAGE_CODE), versions[0])
    ET.register_namespace("", CAP_NS)

    def sub(parent, tag, text=None):
        element = ET.SubElement(parent, f"{{{CAP_NS}}}{tag}")
        if text is not None:
            element.text = str(text)
        return element

    alert = ET.Element(f"{{{CAP_NS}}}alert")
    sub(alert, "identifier", f"{urlsplit(absolute_url('/')).hostname}:alert:{source.translation_key}:{source.live_revision_id or 0}")
    sub(alert, "sender", cap_sender())
    sub(alert, "sent", _cap_time(source.last_published_at or source.valid_from))
    sub(alert, "status", "Actual")
    sub(alert, "msgType", "Alert")
    sub(alert, "scope", "Public")
    for version in versions:
        info = sub(alert, "info")
        sub(info, "language", version.locale.language_code)
        sub(info, "category", "Health")
        sub(info, "event", version.title)
        sub(info, "responseType", "Avoid" if source.severity in (Severity.WARNING, Severity.DANGER) else "Monitor")
        sub(info, "urgency", "Immediate" if source.severity == Severity.DANGER else "Expected")
        sub(info, "severity", CAP_SEVERITY[Severity(source.severity)])
        sub(info, "certainty", "Observed")
        sub(info, "effective", _cap_time(source.valid_from))
        sub(info, "expires", _cap_time(source.valid_until))
        sub(info, "senderName", version.source)
        sub(info, "headline", version.title[:160])
        found = f"{version.sold_as}: {version.contains}" if version.sold_as else version.contains
        sub(info, "description", found)
        sub(info, "instruction", version.advice)
        sub(info, "web", page_full_url(version))
        if version.seen_where:
            area = sub(info, "area")
            sub(area, "areaDesc", version.seen_where)
    return ET.tostring(alert, encoding="utf-8", xml_declaration=True)
