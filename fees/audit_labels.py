"""Labels of the fees app's audit actions, as the panel shows them.

Each part of the app adds its own block: billing (schedules, runs, documents), then payments.
"""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

# --- Billing: profile, schedules, runs, documents ---------------------------------------------
audit_labels_register(
    {
        "fees.billing_profile_changed": _("Billing profile changed"),
        "fees.schedule_created": _("Fee schedule created"),
        "fees.schedule_changed": _("Fee schedule changed"),
        "fees.billing_run_previewed": _("Billing run previewed"),
        "fees.billing_run_discarded": _("Billing run preview discarded"),
        "fees.billing_run_confirmed": _("Billing run confirmed"),
        "fees.billing_run_resumed": _("Billing run resumed"),
        "fees.billing_run_failed": _("Billing run stopped by an error"),
        "fees.billing_run_done": _("Billing run finished"),
        "fees.document_issued": _("Fee document issued"),
        "fees.document_corrected": _("Correcting document issued"),
        "fees.document_cancelled": _("Fee document cancelled by a correction"),
        "fees.document_ksef_invalid": _("Invoice's KSeF XML refused by the schema"),
        "fees.document_ksef_sent": _("Invoice sent to KSeF"),
        "fees.document_ksef_rejected": _("Invoice refused by KSeF"),
    },
    diff_actions={"fees.billing_profile_changed", "fees.schedule_created", "fees.schedule_changed"},
)

# --- Payments, statements and reminders ---------------------------------------------------------
audit_labels_register(
    {
        "payment.recorded": _("Payment recorded by hand"),
        "payment.allocated": _("Payment allocated to a fee document"),
        "statement.imported": _("Bank statement imported"),
        "statement_line.matched": _("Statement line matched to a payer"),
        "statement_line.ignored": _("Statement line ignored"),
        "fee_reminder.sent": _("Payment reminder sent"),
    }
)
