from django.dispatch import receiver
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from resources.signals import ImpactFigure, impact_figures, network_impact_figures
from safespace.signals import retention_apply

from plugins.api import disclosure

from . import selectors, services


def _monthly_figures(*, language: str, today, read, figures_of) -> list[ImpactFigure]:
    """The last closed months' figures in ``language``: "no data" for a month ``read`` finds nothing for,
    and ``figures_of(found, threshold)`` for each thing it finds (a month's group, or a network figure)."""
    today = today or timezone.localdate()
    t = selectors.threshold()
    figures = []
    with translation.override(language):
        months = selectors.closed_months(today=today, months=selectors.public_months())
        found = read(months=months, language=language)
        for month in sorted(set(months) - {f.month for f in found}, reverse=True):
            figures.append(ImpactFigure(label=_("Services given"), value=disclosure.no_data_text(),
                                        period=formats.date_format(month, "YEAR_MONTH_FORMAT")))
        for item in found:
            figures.extend(figures_of(item, t))
    return figures


def public_figures(*, language: str, today=None) -> list[ImpactFigure]:
    """Monthly totals of publishable indicators for the last closed months, suppressed."""

    def group_figures(group, t):
        period = formats.date_format(group.month, "YEAR_MONTH_FORMAT")
        for cell in group.cells:
            yield ImpactFigure(
                label=cell.label, value=selectors.shown_value(cell, t), unit=cell.unit if cell.state != disclosure.WITHHELD else "",
                period=period,
                note=disclosure.withheld_note() if cell.state == disclosure.WITHHELD else "",
            )
        if group.total is not None:
            yield ImpactFigure(
                label=_("%(category)s, all together") % {"category": group.total.label},
                value=selectors.shown_value(group.total, t), period=period,
                note=disclosure.withheld_note(total=True) if group.total.state == disclosure.WITHHELD else "",
            )

    return _monthly_figures(language=language, today=today, read=selectors.published_groups, figures_of=group_figures)


@receiver(impact_figures, dispatch_uid="servicecounts_impact_figures")
def impact(sender, request, language, **kwargs):
    return public_figures(language=language)


def network_public_figures(*, language: str, today=None) -> list[ImpactFigure]:
    """The network's monthly total per category, over the spaces that share their figures (plugins.api.network)."""

    def network_figure(figure, t):
        yield ImpactFigure(
            label=_("%(category)s, all spaces together") % {"category": figure.label},
            value=disclosure.shown_text(figure.state, figure.value, t),
            period=formats.date_format(figure.month, "YEAR_MONTH_FORMAT"),
            note=disclosure.withheld_note(total=True) if figure.state == disclosure.WITHHELD else "",
        )

    return _monthly_figures(language=language, today=today, read=selectors.network_figures, figures_of=network_figure)


@receiver(network_impact_figures, dispatch_uid="servicecounts_network_impact_figures")
def network_impact(sender, request, language, **kwargs):
    return network_public_figures(language=language)


@receiver(retention_apply, dispatch_uid="servicecounts_retention_apply")
def apply_retention(sender, now, **kwargs):
    return {"tap_ids_forgotten": services.seen_taps_prune(now=now)}
