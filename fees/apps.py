from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    """Membership fees: schedules, invoices, debit notes, KSeF e-invoices, payments, reminders."""

    name = "fees"
    verbose_name = _("Fees")
