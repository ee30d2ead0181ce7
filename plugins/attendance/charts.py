"""Server-rendered SVG charts, readable without colour.

Each part of a bar has its own pattern (solid, stripes, dots) as well as its
own shade, the legend repeats the patterns with words, every bar ends with
its number, and the SVG has a ``<title>`` and a ``<desc>`` that say in words
what it shows. The table under the chart has the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .selectors import Report

# Narrow on purpose: it is read on phones. Each label sits on its own line above its bar.
WIDTH = 400
BAR_AREA = WIDTH - 50
BAR_HEIGHT = 20
LABEL_SPACE = 20
GAP = 12
LEGEND_LINE = 22


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    pattern: str
    name: str
    value: int


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    segments: list
    total: int
    end_x: float

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT * 0.72

    @property
    def label_y(self) -> float:
        return self.y - 6


def attendance_chart(report: Report) -> str:
    parts = [
        ("enrolled", _("With a place (present)")),
        ("walkin", _("Walk-ins")),
        ("anonymous", _("No code (head count)")),
    ]
    scale = BAR_AREA / report.max_total if report.max_total else 0
    top = len(parts) * LEGEND_LINE + 10 + LABEL_SPACE
    bars = []
    for index, row in enumerate(report.rows):
        y = top + index * (BAR_HEIGHT + GAP + LABEL_SPACE)
        x = 0
        segments = []
        for (pattern, name), value in zip(parts, (row.present_enrolled, row.walk_ins, row.anonymous)):
            width = value * scale
            if value:
                segments.append(Segment(x=round(x, 1), width=round(width, 1), pattern=pattern, name=name, value=value))
            x += width
        label = row.label if len(row.label) <= 48 else row.label[:47] + "…"
        bars.append(Bar(label=label, y=y, segments=segments, total=row.total, end_x=round(x + 6, 1)))
    height = top + max(len(bars), 1) * (BAR_HEIGHT + GAP + LABEL_SPACE) - LABEL_SPACE
    described = "; ".join(
        # One count per plural: the sentence holds the parts that agree with their own number.
        _("%(label)s: %(total)d in %(sessions)s (%(enrolled)d with a place, %(walkins)s, %(anon)d without a code)") % {
            "label": row.label, "total": row.total, "enrolled": row.present_enrolled, "anon": row.anonymous,
            "sessions": ngettext("%(n)d session", "%(n)d sessions", row.sessions) % {"n": row.sessions},
            "walkins": ngettext("%(n)d walk-in", "%(n)d walk-ins", row.walk_ins) % {"n": row.walk_ins},
        }
        for row in report.rows
    ) or _("No attendance was recorded in this period.")
    legend = [{"y": 4 + i * LEGEND_LINE, "pattern": pattern, "name": name} for i, (pattern, name) in enumerate(parts)]
    return render_to_string("attendance/admin/chart.svg", {
        "width": WIDTH, "height": height, "bars": bars, "bar_height": BAR_HEIGHT,
        "title": _("Attendance from %(start)s to %(end)s") % {"start": report.start.strftime("%d/%m/%Y"), "end": report.end.strftime("%d/%m/%Y")},
        "desc": described, "legend": legend,
    })
