"""JSON lines for production logs (one object per line on stdout).

Each line holds ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``,
and when present ``exception`` (the traceback text) and, for
``django.request`` records, the request's ``method``, ``path`` and ``status``.

No personal data: the request object is never dumped (no headers, cookies or
client address), query strings are cut from paths and messages (they may carry
participant codes or tokens), and anything shaped like an IP address in a
message is replaced by ``[ip]``.

Configured in ``settings/production.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

# An IPv4 address, or an IPv6 one (three colons or more, so times like 10:30:00 survive).
_IP = re.compile(
    r"\b(?:\d{1,3}\.){3}\d{1,3}\b"
    r"|(?<![\w:])(?:[0-9a-fA-F]{0,4}:){3,7}[0-9a-fA-F]{0,4}(?![\w:])"
    r"|(?<![\w:])::1(?![\w:])"
)
# From "?" up to whitespace or a closing quote: the query string of a URL in text.
_QUERY = re.compile(r"\?[^\s\"']*")


def scrub(text: str) -> str:
    return _IP.sub("[ip]", _QUERY.sub("", text))


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = getattr(request, "method", None)
            entry["path"] = scrub(request.path)
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = scrub(record.exc_text)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
