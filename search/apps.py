from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """One search over news, pages, events, members, offers, projects, resolutions and documents."""

    name = "search"
    verbose_name = _("Search")
    # Results depend on the visitor and on an index the page cache does not watch: never stored.
    page_cache_private_paths = ("search/",)
