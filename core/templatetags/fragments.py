"""`{% shared_fragment %}`: a piece of a page that every visitor of a kind sees the same.

    {% load fragments %}
    {% shared_fragment "event-list" request.get_full_path visibility %}...{% endshared_fragment %}

The rendered HTML is kept in the cache under the content version of the page cache (read as
`core.page_cache.settled_content_version` reads it), the current language, the fragment's name and
the values after it, so any change of content makes every fragment stale at once. Right after a
change, or when the cache is unreachable, the fragment is simply rendered. Whatever differs per
user (a "my" link, a registration's state, a form with its CSRF token, messages) stays outside: a
fragment that contains a CSRF token is never stored.
"""

import hashlib
import logging

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.page_cache import MISSING, settled_content_version, versioned_get, versioned_set

logger = logging.getLogger(__name__)
register = template.Library()

_UNSET = object()


def _version(context):
    """Return the settled content version, asked of the cache once per request."""
    request = context.get("request")
    version = getattr(request, "_shared_fragment_version", _UNSET)
    if version is _UNSET:
        # Read through this module's handle on the cache (here and for the fragments): the page
        # cache's own, which a visitor with a session never touches, stays apart.
        version = settled_content_version(store=cache)
        if request is not None:
            request._shared_fragment_version = version
    return version


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        version = _version(context)
        if version is None:
            return self.nodelist.render(context)
        parts = [get_language() or "", *(str(value.resolve(context)) for value in self.vary_on)]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        key = f"fragment:{self.name}:{digest}:{version}"
        try:
            html = versioned_get(key, store=cache)
        except Exception:  # noqa: BLE001 - without the cache the fragment is simply rendered
            logger.warning("The fragment cache is unreachable", exc_info=True)
            return self.nodelist.render(context)
        if html is not MISSING:
            return mark_safe(html)  # noqa: S308 - stored from the template's own output
        html = self.nodelist.render(context)
        if "csrfmiddlewaretoken" not in html:
            try:
                versioned_set(key, str(html), store=cache)
            except Exception:  # noqa: BLE001
                logger.warning("The fragment cache is unreachable", exc_info=True)
        return html


@register.tag
def shared_fragment(parser, token):
    """Render the enclosed template once per content version, language and vary-on values."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes a quoted name, then the values it varies on"
        )
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(
        nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]]
    )
