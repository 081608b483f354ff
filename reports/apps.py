from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """What the cluster reports: statistics, eligibility, indicator history, the annual report."""

    name = "reports"
    verbose_name = _("Reports")
