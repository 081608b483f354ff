from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News, pages and newsletter")
    # What the anonymous page cache watches and never stores (core/page_cache.py).
    page_cache_watched = True
    page_cache_ignored_models = ("delivery", "subscriber")
    page_cache_private_paths = ("newsletter/",)
