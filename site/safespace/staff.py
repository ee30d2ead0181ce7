"""Staff accounts: who may manage whom, and signing out.

The rule for managing accounts (Wagtail's users and groups views, and their
bulk actions): nobody grants rights they do not hold, and nobody changes the
credentials of someone who holds rights they lack. "Rights" are everything a
user may do: the superuser flag, model permissions, and page and collection
permissions (a permission on a page covers its subtree).
"""

from django.http import HttpResponseNotAllowed
from wagtail.admin.views.account import LogoutView as WagtailLogoutView


class LogoutView(WagtailLogoutView):
    """Wagtail's sign-out, by POST only.

    Django answers a GET with 405, but Wagtail's view deletes the session
    cookie on the way out whatever the answer was, while the session stays
    valid on the server: a GET must change nothing.
    """

    http_method_names = ["post", "options"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)
