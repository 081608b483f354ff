from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal shell")
    # The panel is personal: the anonymous page cache never stores it (core/page_cache.py).
    page_cache_private_paths = ("panel/",)
