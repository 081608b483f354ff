from django import template

from core.page_cache import cached_while_unchanged
from members import selectors

register = template.Library()


@register.simple_tag
def pending_applications_count():
    """Return how many applications wait for a decision, for the panel's navigation."""
    return cached_while_unchanged(
        "pending-applications", lambda: selectors.applications_pending().count()
    )
