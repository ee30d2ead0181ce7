"""The one participant-code normaliser (plugins/api/codes.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.api import codes


@pytest.mark.parametrize("raw, code", [
    ("gat-negre", "gat-negre"),
    ("Gat Negre", "gat-negre"),
    ("  gat   negre ", "gat-negre"),
    ("gat - negre", "gat-negre"),
    ("-gat--negre-", "gat-negre"),
    ("GAT\tNEGRE", "gat-negre"),
    ("Piña 7", "piña-7"),
    ("ＧＡＴ", "gat"),  # full-width letters typed on some phones
    ("", ""),
    (None, ""),
])
def test_normalize(raw, code):
    assert codes.normalize(raw) == code


@given(st.text())
def test_normalize_is_idempotent(raw):
    once = codes.normalize(raw)
    assert codes.normalize(once) == once


def test_codes_are_split_by_commas_and_new_lines_only():
    assert codes.split("gat negre, mar") == ["gat-negre", "mar"]
    assert codes.split("Lluna Roja, sol-42\nsol-42;\r\nMAR,,") == ["lluna-roja", "sol-42", "mar"]
    assert codes.split(" , \n ") == []


@pytest.mark.parametrize("code, valid", [
    ("gat-negre", True), ("abc", True), ("ab", False), ("x" * 40, True), ("x" * 41, False),
    ("<b>", False), ("a b c", False), ("piña-7", True), ("sol\n", False),
])
def test_is_valid(code, valid):
    assert codes.is_valid(code) is valid


def test_the_host_and_every_plugin_use_this_normaliser():
    """No second normaliser creeps back: each place that takes a code gives the same answer."""
    from plugins.attendance import services as attendance
    from plugins.enrollment import services as enrollment

    typed = "  Gat - Negre "
    assert attendance.code_validate(typed) == enrollment.code_validate(typed) == codes.normalize(typed) == "gat-negre"
    assert attendance.codes_parse("gat negre, mar") == ["gat-negre", "mar"]
