"""Content in several languages: fallback markers, missing translations, hreflang, date ranges.

Loaded as `{% load content_i18n %}` by every template that shows translated content, so the
Polish fallback is marked the same way in pages, e-mails and PDFs (see core/i18n.py).
"""

import datetime

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import get_language, pgettext

from core import i18n

register = template.Library()


@register.simple_tag
def fallback_of(obj, *fields):
    """Return the language the `fields` of `obj` are shown in instead of the reader's, or ""."""
    return i18n.fallback_language(obj, fields)


@register.simple_tag
def fallback_text(language, short=False):
    """Return the marker for content shown in `language` instead of the reader's, or ""."""
    return i18n.fallback_marker(short=short) if language else ""


@register.inclusion_tag("_partials/fallback_note.html")
def fallback_note(language, short=False):
    """Render the visible marker, in the reader's language, for content shown in `language`."""
    return {
        "language": language,
        "short": short,
        "reader_language": get_language(),
        "text": fallback_text(language, short=short),
    }


@register.simple_tag
def missing_translations(obj, *fields):
    """Return the languages `obj` lacks one of `fields` in, as (code, name), for the panel."""
    return i18n.translations_missing(obj, fields)


@register.inclusion_tag("_partials/hreflang.html", takes_context=True)
def hreflang_links(context, obj=None, *fields):
    """Link the page in each language it exists in; x-default is the Polish original.

    Without an object every language is listed (the page's own text is in the catalogues); with
    one, only the languages its `fields` are translated into.
    """
    request = context.get("request")
    if request is None:
        return {"alternates": []}
    codes = (
        [code for code, _name in settings.LANGUAGES]
        if obj is None
        else i18n.translated_languages(obj, fields)
    )
    path = request.path
    alternates = [(code, request.build_absolute_uri(translate_url(path, code))) for code in codes]
    default = request.build_absolute_uri(translate_url(path, settings.LANGUAGE_CODE))
    return {"alternates": [*alternates, ("x-default", default)]}


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def date_range(start, end):
    """Print a period in the reader's formats, the date once when it starts and ends on one day.

    "17 December 2026, 09:30–13:00"; "17–18 December" is left to two full dates, which every
    language reads the same way: "17 December 2026, 09:30 – 18 December 2026, 13:00".
    """
    if not start:
        return ""
    start, end = _local(start), _local(end)
    with_time = isinstance(start, datetime.datetime)
    if not end or end == start:
        return date_filter(start, "DATETIME_FORMAT" if with_time else "DATE_FORMAT")
    if not with_time:
        return pgettext("date range", "%(start)s – %(end)s") % {
            "start": date_filter(start, "DATE_FORMAT"),
            "end": date_filter(end, "DATE_FORMAT"),
        }
    if start.date() == end.date():
        # Translators: one day's period, e.g. "17 December 2026, 09:30–13:00".
        return pgettext("date range on one day", "%(date)s, %(start)s–%(end)s") % {
            "date": date_filter(start, "DATE_FORMAT"),
            "start": time_filter(start, "TIME_FORMAT"),
            "end": time_filter(end, "TIME_FORMAT"),
        }
    return pgettext("date range", "%(start)s – %(end)s") % {
        "start": date_filter(start, "DATETIME_FORMAT"),
        "end": date_filter(end, "DATETIME_FORMAT"),
    }
