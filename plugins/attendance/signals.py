"""How attendance answers the host apps' extension points."""

from django.dispatch import receiver
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resources.signals import ImpactFigure, impact_figures
from safespace.signals import participant_erase, participant_export, retention_apply

from . import selectors, services, suppression


def impact_monthly_figures(*, language: str, months: int = 12, today=None) -> list[ImpactFigure]:
    """Attendance per month, suppressed below the threshold; the total only when it gives nothing away."""
    limit = suppression.threshold()
    series = selectors.monthly_totals(months=months, today=today)
    while series and series[0][1] == 0:  # months before attendance was first taken say nothing
        series = series[1:]
    cells, total = suppression.cells_suppress([n for _m, n in series], limit=limit)
    with translation.override(language):
        fewer = _("fewer than %(n)d") % {"n": limit}
        figures = [
            ImpactFigure(
                label=_("People at activities"),
                value=fewer if cell.suppressed else cell.value,
                unit=_("attendances"),
                period=formats.date_format(month, "YEAR_MONTH_FORMAT"),
            )
            for (month, _n), cell in zip(series, cells)
        ]
        if total is not None and series:
            figures.append(ImpactFigure(
                label=_("People at activities"), value=total.value, unit=_("attendances"),
                period=ngettext("last %(n)d month", "last %(n)d months", len(series)) % {"n": len(series)},
                note=_("Each time a person comes counts once; people who gave no code are counted too."),
            ))
    return figures


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
