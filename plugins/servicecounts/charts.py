"""Server-rendered SVG bar charts for the admin reports.

Readable without colour: every bar carries its number, a comparison series is
hatched and outlined rather than coloured, and the legend says which is which
in words. The chart has a title and a text description for screen readers;
the table next to it holds the same numbers.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 28, 56


def bar_chart(*, chart_id: str, title: str, labels: list[str], series: list[tuple[str, list[int]]]) -> str:
    """An SVG bar chart: one group of bars per label, one bar per series (at most two)."""
    n = max(len(labels), 1)
    top_value = max([1] + [v for _name, values in series for v in values])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    group_w = plot_w / n
    bar_w = max(group_w * 0.8 / max(len(series), 1), 1)
    show_numbers = n * len(series) <= 40
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-t {}-d" class="sc-chart">',
            WIDTH, HEIGHT, chart_id, chart_id,
        ),
        format_html('<title id="{}-t">{}</title>', chart_id, title),
        format_html(
            '<desc id="{}-d">{}</desc>', chart_id,
            "; ".join(f"{name}: " + ", ".join(f"{label} {v}" for label, v in zip(labels, values)) for name, values in series),
        ),
        format_html(
            '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#222" stroke-width="2"/></pattern></defs>',
            chart_id,
        ),
        format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#222"/>', LEFT, TOP + plot_h, LEFT + plot_w, TOP + plot_h),
        format_html('<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>', LEFT - 4, TOP + 4, top_value),
        format_html('<text x="{}" y="{}" font-size="11" text-anchor="end">0</text>', LEFT - 4, TOP + plot_h),
    ]
    for s, (name, values) in enumerate(series):
        fill = "#222" if s == 0 else f"url(#{chart_id}-hatch)"
        for i, value in enumerate(values):
            h = plot_h * max(value, 0) / top_value
            x = LEFT + i * group_w + group_w * 0.1 + s * bar_w
            y = TOP + plot_h - h
            parts.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#222"><title>{}: {} {}</title></rect>',
                f"{x:.1f}", f"{y:.1f}", f"{bar_w:.1f}", f"{h:.1f}", fill, name, labels[i] if i < len(labels) else "", value,
            ))
            if show_numbers:
                parts.append(format_html(
                    '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>', f"{x + bar_w / 2:.1f}", f"{y - 3:.1f}", value,
                ))
    step = max(1, n // 12)
    for i, label in enumerate(labels):
        if i % step:
            continue
        x = LEFT + i * group_w + group_w / 2
        parts.append(format_html(
            '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>', f"{x:.1f}", TOP + plot_h + 14, label[:14],
        ))
    for s, (name, _values) in enumerate(series):
        x = LEFT + s * 260
        fill = "#222" if s == 0 else f"url(#{chart_id}-hatch)"
        parts.append(format_html(
            '<rect x="{}" y="{}" width="14" height="14" fill="{}" stroke="#222"/><text x="{}" y="{}" font-size="12">{}</text>',
            x, HEIGHT - 18, fill, x + 20, HEIGHT - 6, f"{'■ ' if s == 0 else '▨ '}{name}",
        ))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


__all__ = ["bar_chart"]


def report_charts(*, table, other, other_table, too_many: bool, **_summary) -> list[tuple]:
    """A chart per indicator of a report (``selectors.report_summary``), with the compared period hatched."""
    from django.utils.translation import gettext as _

    if too_many:
        return []
    labels = [row["label"] for row in table.rows]

    def span(start, end):
        return _("%(from)s to %(to)s") % {"from": start.isoformat(), "to": end.isoformat()}

    result = []
    for n, indicator in enumerate(table.indicators):
        series = [(span(table.start, table.end), [row["counts"][indicator.pk] for row in table.rows])]
        if other_table:
            series.append((span(*other), [row["counts"][indicator.pk] for row in other_table.rows][:len(labels)]))
        result.append((indicator, bar_chart(chart_id=f"sc-chart-{n}", title=indicator.label(), labels=labels, series=series)))
    return result
