from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = _("Elections")
    # Every page is for members; the anonymous page cache stores none of them.
    page_cache_private_paths = ("elections/",)
