from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Member registry")
    # What the anonymous page cache watches and never stores (core/page_cache.py).
    page_cache_watched = True
    page_cache_ignored_models = ()
    page_cache_private_paths = ("my-organisation/",)
