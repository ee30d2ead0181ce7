"""The production log formatter: one JSON object per line, no personal data."""

import json
import logging
import sys

from django.test import RequestFactory

from safespace.logging import JSONFormatter


def record(name="safespace.test", level=logging.INFO, msg="hello %s", args=("world",), exc_info=None, **extra):
    rec = logging.LogRecord(name, level, __file__, 10, msg, args, exc_info)
    for key, value in extra.items():
        setattr(rec, key, value)
    return rec


def test_a_record_is_one_json_line_with_time_level_logger_message():
    line = JSONFormatter().format(record())
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "safespace.test"
    assert entry["message"] == "hello world"
    assert entry["time"].endswith("Z") and entry["time"][:2] == "20"
    assert "exception" not in entry


def test_a_django_request_record_has_method_path_and_status_but_no_query_or_address():
    request = RequestFactory().get(
        "/ca/plugins/enrollment/sign-up/?code=violeta-42&token=s3cret",
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        HTTP_USER_AGENT="Mozilla/5.0 secret-agent",
        HTTP_COOKIE="sessionid=abc123",
    )
    rec = record(
        name="django.request",
        level=logging.WARNING,
        msg="Bad Request: %s",
        args=(request.get_full_path(),),
        request=request,
        status_code=400,
    )
    line = JSONFormatter().format(rec)
    entry = json.loads(line)
    assert entry["path"] == "/ca/plugins/enrollment/sign-up/"
    assert entry["method"] == "GET"
    assert entry["status"] == 400
    assert entry["message"] == "Bad Request: /ca/plugins/enrollment/sign-up/"
    for secret in ("violeta-42", "s3cret", "203.0.113.9", "198.51.100.7", "secret-agent", "abc123"):
        assert secret not in line


def test_addresses_in_messages_are_replaced():
    rec = record(
        msg="from %s, %s and %s at 10:30:00",
        args=("192.0.2.44", "2001:db8::1", "fe80:0:0:0:200:f8ff:fe21:67cf"),
    )
    entry = json.loads(JSONFormatter().format(rec))
    assert entry["message"] == "from [ip], [ip] and [ip] at 10:30:00"


def test_an_exception_carries_its_traceback_text():
    try:
        raise ValueError("broken plugin")
    except ValueError:
        rec = record(level=logging.ERROR, msg="receiver failed", args=(), exc_info=sys.exc_info())
    entry = json.loads(JSONFormatter().format(rec))
    assert entry["level"] == "ERROR"
    assert entry["exception"].startswith("Traceback")
    assert "ValueError: broken plugin" in entry["exception"]


def test_non_ascii_and_odd_arguments_survive():
    rec = record(msg="activitat %s: %r", args=("Taller d'autodefensa · dones", {"places": 3}))
    entry = json.loads(JSONFormatter().format(rec))
    assert entry["message"] == "activitat Taller d'autodefensa · dones: {'places': 3}"
