"""Labels of the accounts' audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "user.created": _("Account created"),
        "invitation.sent": _("Invitation sent"),
        "invitation.accepted": _("Invitation accepted"),
    },
    fields={"expires_at": _("expires")},
)
