from django.dispatch import receiver
from django.template.loader import render_to_string

from plugins.api.retention import retention_cutoff
from safespace.signals import home_blocks, participant_erase, participant_export, retention_apply

from .models import Visit

VISITS_KEPT_DAYS = 30


# An extension point (a SiteSignal): called only while the plugin is on for the site.
@receiver(home_blocks, dispatch_uid="safespace_hello_home_blocks")
def greeting(sender, request, page, **kwargs):
    return render_to_string("safespace_hello/greeting.html", {"site": sender}, request=request)


# Data rights (plain signals): answered whether the plugin is on or off today,
# because the visits stay in the database either way.
@receiver(participant_export, dispatch_uid="safespace_hello_participant_export")
def export_visits(sender, code, **kwargs):
    visits = [v.at.isoformat() for v in Visit.objects.filter(code=code).order_by("at")]
    # Nothing for a code this plugin has never seen: the export then names no plugin.
    return {"visits": visits} if visits else None


@receiver(participant_erase, dispatch_uid="safespace_hello_participant_erase")
def erase_visits(sender, code, **kwargs):
    deleted, _ = Visit.objects.filter(code=code).delete()
    return deleted


@receiver(retention_apply, dispatch_uid="safespace_hello_retention_apply")
def forget_old_visits(sender, now, **kwargs):
    deleted, _ = Visit.objects.filter(at__lt=retention_cutoff(days=VISITS_KEPT_DAYS, now=now)).delete()
    return {"visits_forgotten": deleted}
