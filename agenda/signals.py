"""Extension points of the agenda, for plugins (see plugins/api/signals.py).

Every signal is sent with the Wagtail ``Site`` being served as ``sender``;
only receivers of plugins enabled for that site are called, in a stable
order. Pages send them with ``send_robust``: a receiver that raises is logged
and skipped. HTML answers are rendered with ``plugins.api.rendering``: a
SafeString is kept, a plain string is escaped.

Identity of an occurrence
-------------------------
An occurrence is identified by its django-scheduler ``Event`` and its
*original* start (the start the rule gives it, before any move). That pair
never changes when the session is moved, cancelled or restored, nor when
other sessions are edited. Plugins that store data per occurrence
(enrollment, attendance) should point a ForeignKey at django-scheduler's
``schedule.Occurrence`` row, obtained with::

    from agenda.services import occurrence_persist
    row = occurrence_persist(event=occurrence.event, original_start=occurrence.original_start)

which returns the existing row or creates it (django-scheduler only stores
rows for changed sessions; we store one as soon as anyone needs it). The
public URL of an occurrence is its activity's URL plus the original start in
local time, ``YYYY-MM-DD-HHMM/``.

The ``occurrence`` passed to receivers is an ``agenda.selectors.AgendaOccurrence``:
``event``, ``original_start``, ``start``, ``end`` (aware, local time),
``activity`` (the ActivityPage in the language shown), ``room``,
``category``, ``cancelled``, ``moved``, ``public_reason``, ``url``, ``key``
(``"<event id>-<stamp>"``) and ``occurrence_id`` (the persisted row's id, or
None if nobody has needed it yet).
"""

from django.dispatch import Signal

from plugins.api.signals import SiteSignal

occurrence_actions = SiteSignal()
"""Fires while the public page of one occurrence is rendered.

sender: the Wagtail Site. kwargs: ``occurrence`` (AgendaOccurrence),
``request``. A receiver returns an HTML string (already escaped: build it
with ``format_html`` or ``render_to_string``) that is shown under the
occurrence's details, e.g. a sign-up button; or "" / None for nothing.
"""

activity_blocks = SiteSignal()
"""Fires while the public page of an activity is rendered.

sender: the Wagtail Site. kwargs: ``activity`` (the ActivityPage being
shown), ``request``. A receiver returns an HTML string (already escaped) that
is shown after the activity's description; or "" / None for nothing.
"""

activity_edit_panels = SiteSignal()
"""Fires while the Wagtail edit form of an activity is rendered.

sender: the Wagtail Site. kwargs: ``activity`` (the ActivityPage being
edited; unsaved, with no pk, when it is being created), ``request``. A
receiver returns an HTML string (already escaped) shown in a "Plugins" panel
of the form — a summary with links to the plugin's own admin pages; or ""
/ None for nothing. The panel is hidden when no receiver returns anything.
"""

occurrence_finished = SiteSignal()
"""Fires once per occurrence after it has ended (not for cancelled ones).

Sent by ``manage.py agenda_occurrences_finished`` (run it from cron every
few minutes), looking back two days, once per app and occurrence: each app
(plugin) that has processed a session is recorded (``agenda.FinishedDelivery``).
An app's receivers run in one savepoint; if one raises, the app's writes for
that session roll back and the app is called again on the next run. The
session counts as finished when every receiver enabled for the site has
succeeded.
sender: the default Wagtail Site. kwargs: ``occurrence`` (AgendaOccurrence;
its ``schedule.Occurrence`` row exists by then, ``occurrence_id`` may still
be None on the object: use ``occurrence_persist``). Return values are ignored.
"""

occurrence_extra_data = SiteSignal()
"""Fires for each occurrence serialised by the JSON endpoint.

sender: the Wagtail Site. kwargs: ``occurrence`` (AgendaOccurrence),
``occurrences`` (the whole list being serialised, the same list object for
every call of one response), ``request``. A receiver returns a dict of
JSON-serialisable values, put under ``extra[<app label>]`` of that
occurrence; or None. It runs once per occurrence: read what you need for the
whole ``occurrences`` list on the first call and keep it (on ``request``), so
that a response costs a fixed number of queries however many sessions it has.
"""

occurrence_rescheduled = Signal()
"""Fires when a session nobody changed by hand gets a new original start
because its schedule line changed (a weekly 18:00 workshop now at 19:00).

A plain Django signal, sent to every plugin whether switched on or off, as
their data must stay true either way. The ``schedule.Occurrence`` row keeps
its id, so data pointing at it follows the session; a receiver updates only
what it copied from the row (times for reminders, retention...).
sender: the ``schedule.Event``. kwargs: ``occurrence`` (the row, already
saved with its new times), ``previous_start`` and ``previous_end`` (aware
datetimes). It is sent inside the publishing transaction, so a receiver's
writes commit or roll back with the schedule.
"""

occurrence_roster = SiteSignal()
"""Asked who is expected at one session, e.g. when staff take its attendance.

sender: the Wagtail Site. kwargs: ``occurrence`` (AgendaOccurrence),
``occurrence_id`` (the id of its ``schedule.Occurrence`` row, or None when no
row exists yet: then nobody can hold a place for that very session).
A receiver that takes sign-ups for the session's activity returns the list of
participant codes holding a confirmed place, in the order they signed up
(``[]`` when nobody has one yet); a receiver with nothing to say about this
session returns None. Codes only: never a contact or any other detail.
When no receiver returns a list, the session has no roster (people simply
walk in), and callers say so.
"""

occurrence_places = SiteSignal()
"""Asked for the places left of one session, where they are shown (the wall screen).

Sent only for sessions that are not cancelled and have not started: after
the start, capacity minus places left would give the exact number signed up
(``plugins.api.disclosure.places_visible``).
sender: the Wagtail Site. kwargs: ``occurrence`` (AgendaOccurrence),
``occurrences`` (the whole list being shown, the same list object for every
call of one response: read what you need for all of them on the first call
and keep it on ``request``), ``request`` (may be None).
A receiver that manages places for the session returns
``{"left": int, "capacity": int}`` (two counts, nothing else is read); or
None. The first answer, in plugin order, is shown.
"""
