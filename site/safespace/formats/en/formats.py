# British order, as the site has always written it: "Wednesday 25 November".
DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
WEEKDAY_MONTH_DAY_FORMAT = "l j F"
WEEKDAY_DATE_FORMAT = "l j F Y"
WEEKDAY_MONTH_DAY_TIME_FORMAT = "l j F, H:i"
WEEKDAY_DATETIME_FORMAT = "l j F Y, H:i"
