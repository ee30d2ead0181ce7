"""Extension points owned by the site itself."""

from django.dispatch import Signal

from plugins.api.signals import SiteSignal

home_blocks = SiteSignal()
"""Blocks shown on the home page, below "Coming up".

Fires: each time the home page is rendered.
sender: the Wagtail ``Site`` being served.
kwargs: ``request``, ``page`` (the HomePage in the current language).
Returns: HTML (a SafeString from render_to_string or format_html), or None
to show nothing. Each block should be a ``<section>`` with its own heading.
"""

page_banners = SiteSignal()
"""Banners at the top of every public page, above its content.

Fires: when a page built on ``base.html`` is rendered (pages, lists, error
pages) and the banners are not kept already: the joined output is kept per
site and language until the content or the schedule changes or the next
moment registered with ``content_cache.register_next_change()``
(``{% page_banners %}``); a sign-up keeps them. So a receiver's answer may
depend on the site, the language and the time only (never on places left), and a plugin whose banners come and go at a
moment (an alert's start and end) registers that moment.
sender: the Wagtail ``Site`` being served.
kwargs: ``request`` (for rendering; do not vary the answer by it).
Returns: HTML or None. Each banner should be an ``<aside>`` or ``<section>``
with an accessible name; it must read well without JavaScript (a script may
add, say, a "dismiss" button, from a same-origin file: the CSP allows no
inline script or style).
"""


# --- Data rights and retention ------------------------------------------------
# Plain Django signals, not SiteSignals: a participant's data must be exported
# or erased, and retention applied, by every plugin that holds any, whether or
# not it is switched on for a site right now.

participant_export = Signal()
"""Collect everything linked to a participant code.

Fires: ``manage.py participant_export CODE`` and the admin's export action.
sender: None. kwargs: ``code`` (normalised by ``plugins.api.codes.normalize``).
Returns: a JSON-serialisable dict of what this app holds for the code
(``{}`` for nothing). Results are keyed by the receiver's app label.
"""

participant_erase = Signal()
"""Delete everything linked to a participant code.

Fires: ``manage.py participant_erase CODE`` and the admin's erase action.
sender: None. kwargs: ``code`` (normalised). Returns: the number of rows
deleted. A receiver that fails makes the whole erase fail (nothing is
half-erased: it runs in one transaction). Figures already published for
settled months must not change: keep (or freeze first) the anonymous counts
they were made from, never the rows themselves, renamed or not
(``plugins.api.disclosure``, rule 4).
"""

retention_apply = Signal()
"""Apply this app's retention rules (expire contacts, drop old codes...).

Fires: ``manage.py retention``, meant for a daily timer. sender: None.
kwargs: ``now`` (aware datetime). Returns: a dict of counts for the log,
e.g. ``{"contacts_forgotten": 3}``. Data goes on its day, and figures already
published for settled months must not change: keep (or freeze first) the
anonymous counts they were made from (``plugins.api.disclosure``, rule 4).
"""


def _forget_old_login_failures(sender, now, **kwargs):
    """Failed sign-ins (username and address) are kept a day at most."""
    import datetime as dt

    from axes.models import AccessAttempt

    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=now - dt.timedelta(days=1)).delete()
    return {"login_failures_forgotten": deleted}


retention_apply.connect(_forget_old_login_failures, dispatch_uid="safespace_forget_old_login_failures")
