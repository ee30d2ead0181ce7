from django.core.management.base import CommandError
from wagtail.models import Site


def space_of(site_id: int | None):
    """The Site of ``--site`` (None: every space), or a clear error."""
    if site_id is None:
        return None
    site = Site.objects.filter(pk=site_id).first()
    if site is None:
        raise CommandError(f"There is no site {site_id}; the sites are: "
                           + ", ".join(f"{s.pk} ({s.hostname})" for s in Site.objects.order_by("pk")))
    return site
