# "E" is "de noviembre" (see safespace/formats/__init__.py).
DATE_FORMAT = r"j E \d\e Y"
MONTH_DAY_FORMAT = r"j E"
WEEKDAY_MONTH_DAY_FORMAT = r"l j E"
WEEKDAY_DATE_FORMAT = r"l j E \d\e Y"
WEEKDAY_MONTH_DAY_TIME_FORMAT = r"l j E, H:i"
WEEKDAY_DATETIME_FORMAT = r"l j E \d\e Y, H:i"
