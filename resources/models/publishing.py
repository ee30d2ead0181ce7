"""The review by a second person (moves to the host next)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


class SecondPersonApprovalTask(AbstractGroupApprovalTask):
    """Group approval where whoever submitted the page cannot approve it.

    Members of the chosen groups (Communications) review each other's work:
    the submitter sees no approve action and the page is not in their
    "awaiting your review" list, so every publication has had two people.
    """

    def _requested_by(self, obj, user) -> bool:
        state = getattr(obj, "current_workflow_state", None)
        return bool(state and user.is_authenticated and state.requested_by_id == user.pk)

    def get_actions(self, obj, user):
        if self._requested_by(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return super().get_task_states_user_can_moderate(user, **kwargs).exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, but never their own submission")

    class Meta:
        verbose_name = _("review by a second person")
        verbose_name_plural = _("reviews by a second person")