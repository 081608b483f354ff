"""Dates chosen for each language, and periods on one day printed with the date once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from core.templatetags.content_i18n import date_range

WARSAW = ZoneInfo("Europe/Warsaw")
START = datetime(2026, 12, 17, 9, 30, tzinfo=WARSAW)
END = datetime(2026, 12, 17, 13, 0, tzinfo=WARSAW)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "17 December 2026, 09:30–13:00"),
        ("de", "17. Dezember 2026, 09:30–13:00"),
        ("pl", "17 grudnia 2026, 09:30–13:00"),
    ],
)
def test_a_period_on_one_day_gives_the_date_once(language, expected):
    with translation.override(language):
        assert date_range(START, END) == expected


def test_a_period_over_several_days_gives_both_dates_in_full():
    end = datetime(2026, 12, 18, 13, 0, tzinfo=WARSAW)
    with translation.override("en"):
        assert date_range(START, end) == "17 December 2026, 09:30 – 18 December 2026, 13:00"


def test_utc_values_are_shown_in_warsaw_time():
    with translation.override("en"):
        assert date_range(START.astimezone(ZoneInfo("UTC")), END) == (
            "17 December 2026, 09:30–13:00"
        )


@pytest.mark.parametrize(
    ("language", "short_date", "short_datetime"),
    [
        ("en", "7 Nov 2026", "7 Nov 2026, 01:29"),
        ("pl", "07.11.2026", "07.11.2026, 01:29"),
        ("de", "07.11.2026", "07.11.2026, 01:29"),
    ],
)
def test_short_formats_put_the_day_first_and_use_24_hour_time(language, short_date, short_datetime):
    template = Template(
        '{{ day|date:"SHORT_DATE_FORMAT" }}|{{ moment|date:"SHORT_DATETIME_FORMAT" }}'
    )
    context = Context({"day": date(2026, 11, 7), "moment": datetime(2026, 11, 7, 1, 29)})
    with translation.override(language):
        assert template.render(context) == f"{short_date}|{short_datetime}"
