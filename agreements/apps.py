from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements and partnerships")
    # What the anonymous page cache watches and never stores (core/page_cache.py).
    page_cache_watched = True
    page_cache_ignored_models = ()
