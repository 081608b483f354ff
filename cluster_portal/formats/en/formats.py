# English for a European audience: day before month, 24-hour time, no "a.m." and no "11/07/2026"
# that an American reads as 7 November and a Briton as 11 July.
DATE_FORMAT = "j F Y"  # 7 November 2026
TIME_FORMAT = "H:i"  # 13:00
DATETIME_FORMAT = "j F Y, H:i"  # 7 November 2026, 13:00
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"  # 7 Nov 2026: short, and the month never mistaken for the day
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-11-07, what date inputs send
    "%d/%m/%Y",  # 07/11/2026
    "%d.%m.%Y",  # 07.11.2026
    "%d %b %Y",  # 7 Nov 2026
    "%d %B %Y",  # 7 November 2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M",
    "%d.%m.%Y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
