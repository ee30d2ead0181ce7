from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import services
from .models import AlertPage


@hooks.register("register_log_actions")
def alerts_log_actions(actions):
    actions.register_action(
        services.EMERGENCY_ACTION,
        _("Published without a second person's review (emergency)"),
        _("Published without a second person's review (emergency)"),
    )


def _published_alone(request, page) -> bool:
    # Only who holds the publish permission (Administrators; Communications
    # publishes through the review, safespace.publishing) publishes from the
    # editor; Wagtail saves anyone else's "action-publish" as a draft. So a
    # publish here is one person's decision: the workflow's approval never
    # comes through here.
    return (
        request.method == "POST"
        and "action-publish" in request.POST
        and isinstance(page.specific, AlertPage)
        and page.live
        and page.get_workflow() is not None
        and page.permissions_for_user(request.user).can_publish()
    )


@hooks.register("after_edit_page")
def record_emergency_publication_on_edit(request, page):
    if _published_alone(request, page):
        services.emergency_publication_record(page=page.specific, user=request.user)


@hooks.register("after_create_page")
def record_emergency_publication_on_create(request, page):
    if _published_alone(request, page):
        services.emergency_publication_record(page=page.specific, user=request.user)
