from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    """Membership fees: schedules, invoices, debit notes, KSeF e-invoices, payments, reminders."""

    name = "fees"
    verbose_name = _("Fees")

    def ready(self):
        from resolutions.electorate import voting_restrictions_register

        from .arrears import members_in_arrears_without_vote

        # A body whose statute takes the vote from members in arrears (off unless its
        # `arrears_days_without_vote` is set) leaves them out of its votes' electorate.
        voting_restrictions_register(members_in_arrears_without_vote)
