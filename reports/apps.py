from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """What the cluster reports: statistics, eligibility, indicator history, the annual report."""

    name = "reports"
    verbose_name = _("Reports")
    # The anonymous page cache (core/page_cache.py): no public page shows the reports' records;
    # the council's list of annual reports is private.
    page_cache_watched = False
    page_cache_private_paths = ("reports/",)

    def ready(self):
        from .indicators import register

        register()
