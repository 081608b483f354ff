from django import template

from members import selectors

register = template.Library()


@register.simple_tag
def pending_applications_count():
    """Return how many applications wait for a decision, for the panel's navigation."""
    return selectors.applications_pending().count()
