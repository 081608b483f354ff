"""Labels of the agreements' audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "agreement.created": _("Agreement recorded"),
        "agreement.updated": _("Terms changed"),
        "agreement.status_changed": _("Status changed"),
        "agreement.negotiation_reopened": _("Back to negotiation"),
        "agreement.terminated": _("Agreement terminated"),
        "agreement.scan_attached": _("Signed scan uploaded"),
        "agreement.expiry_reminder_sent": _("Expiry reminder sent"),
        "party.added": _("Party added"),
        "party.removed": _("Party removed"),
        "party.updated": _("Signatory changed"),
        "party.signature_recorded": _("Signature recorded"),
        "partner.created": _("Partner organisation recorded"),
        "partner.updated": _("Partner organisation changed"),
    },
    diff_actions={
        "agreement.updated",
        "agreement.status_changed",
        "party.updated",
        "partner.updated",
    },
)
