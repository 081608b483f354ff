from allauth.account.adapter import get_adapter
from django import template
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """Return the current query string with some parameters replaced, for pagination and sorting."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def translated(instance, field):
    """Return a modeltranslation field in the current language, without the Polish fallback."""
    return getattr(instance, f"{field}_{get_language()}", "") or ""


@register.simple_tag(takes_context=True)
def signup_open(context):
    """Whether visitors may create their own account; allauth's adapter decides."""
    request = context["request"]
    return get_adapter(request).is_open_for_signup(request)
