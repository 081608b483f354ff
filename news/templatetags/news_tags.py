from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from news.richtext import sanitise

register = template.Library()


@register.filter
def localised(obj, field):
    """Return a translated field in the language the object is shown in (see selectors)."""
    language = getattr(obj, "content_language", None) or settings.LANGUAGE_CODE
    return getattr(obj, f"{field}_{language}", "") or ""


@register.filter
def richtext(html):
    """Show stored rich text, sanitised once more in case it reached the database another way."""
    return mark_safe(sanitise(html))  # noqa: S308 - nh3 has just removed anything unsafe
