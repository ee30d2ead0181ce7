"""Date formats per language (FORMAT_MODULE_PATH), on top of Django's own.

A day and its month are joined differently in each language: "25 de novembre"
and "1 d'octubre" in Catalan, "25 de noviembre" in Spanish, "25 November" in
English. The joining word belongs to the month, so it lives in the month's
"alt. month" translation, which the `E` format character shows: "de novembre",
"d'octubre", "de noviembre", "November". Django's own Catalan and Spanish
catalogues give the bare month there, so ours carry the joined forms (the list
below is only there so that makemessages keeps those entries).

Templates and code ask for a format by name, never spell one out:

- DATE_FORMAT                    "25 de novembre de 2026"
- MONTH_DAY_FORMAT               "25 de novembre"
- WEEKDAY_MONTH_DAY_FORMAT       "dimecres 25 de novembre"
- WEEKDAY_DATE_FORMAT            "dimecres 25 de novembre de 2026"
- WEEKDAY_MONTH_DAY_TIME_FORMAT  "dimecres 25 de novembre, 18:00"
- WEEKDAY_DATETIME_FORMAT        "dimecres 25 de novembre de 2026, 18:00"

Day names are lower case, as in running text ("It was planned for dimecres…");
where one starts a heading, the template adds `|capfirst`. The WEEKDAY_* names
are our own: every language in LANGUAGES needs a module here that defines them
(tests/safespace/test_formats.py checks it), or Django would print the name.
"""

from django.utils.translation import pgettext_lazy

MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)

CUSTOM_FORMATS = (
    "WEEKDAY_MONTH_DAY_FORMAT",
    "WEEKDAY_DATE_FORMAT",
    "WEEKDAY_MONTH_DAY_TIME_FORMAT",
    "WEEKDAY_DATETIME_FORMAT",
)
