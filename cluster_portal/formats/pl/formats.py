# Polish: dates with dots, never "07-12-2026  01:14"; the month in the genitive in long dates.
DATE_FORMAT = "j E Y"  # 7 grudnia 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y, H:i"  # 7 grudnia 2026, 13:00
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"  # 07.12.2026
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"  # 07.12.2026, 01:14
FIRST_DAY_OF_WEEK = 1
