"""How attendance answers the host apps' extension points."""

from django.dispatch import receiver
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resources.signals import ImpactFigure, impact_figures, network_impact_figures
from safespace.signals import participant_erase, participant_export, retention_apply

from plugins.api import disclosure

from . import selectors, services


def impact_monthly_figures(*, language: str, months: int = 12, today=None, network: bool = False) -> list[ImpactFigure]:
    """Attendance per settled month, as plugins.api.disclosure allows; the total only when every month is shown.

    ``network``: over every space that shares its figures, protected together with each space's own."""
    limit = disclosure.threshold()
    series = sorted(disclosure.settled_months(count=months, today=today))
    trees, _sessions = (selectors.network_trees if network else selectors.external_trees)(months=series)
    while series and trees[series[0]] is None:  # months before attendance was first taken say nothing
        series = series[1:]
    figures = []
    with translation.override(language):
        label = _("People at activities, all spaces together") if network else _("People at activities")
        for month in series:
            root = trees[month]
            figures.append(ImpactFigure(
                label=label,
                value=disclosure.no_data_text() if root is None else disclosure.shown_text(root.state, root.value, limit),
                unit=_("attendances") if root is not None and root.shown else "",
                period=formats.date_format(month, "YEAR_MONTH_FORMAT"),
                note=disclosure.withheld_note(total=True) if root is not None and root.state == disclosure.WITHHELD else "",
            ))
        roots = [trees[m] for m in series]
        if roots and all(r is None or r.shown for r in roots):  # adds nothing that is not shown already
            figures.append(ImpactFigure(
                label=label, value=sum(r.value for r in roots if r is not None), unit=_("attendances"),
                period=ngettext("last %(n)d month", "last %(n)d months", len(series)) % {"n": len(series)},
                note=_("Each time a person comes counts once; people who gave no code are counted too."),
            ))
    return figures


def network_monthly_figures(*, language: str, months: int = 12, today=None) -> list[ImpactFigure]:
    return impact_monthly_figures(language=language, months=months, today=today, network=True)


@receiver(network_impact_figures, dispatch_uid="attendance_network_impact_figures")
def network_figures(sender, request=None, language="ca", **kwargs):
    return network_monthly_figures(language=language)


@receiver(impact_figures, dispatch_uid="attendance_impact_figures")
def public_figures(sender, request=None, language="ca", **kwargs):
    return impact_monthly_figures(language=language)


# --- Data rights and retention (core signals, called whatever the switch) ---

@receiver(participant_export, dispatch_uid="attendance_participant_export")
def export_code(sender, code, **kwargs):
    rows = services.code_export(code=code)
    return {"attendance": rows} if rows else {}


@receiver(participant_erase, dispatch_uid="attendance_participant_erase")
def erase_code(sender, code, **kwargs):
    return services.code_erase(code=code)


@receiver(retention_apply, dispatch_uid="attendance_retention_apply")
def apply_retention(sender, now, **kwargs):
    return {"attendance_codes_dropped": services.codes_drop(now=now)}
