"""Labels of the privacy app's audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "privacy.export_requested": _("Copy of personal data requested"),
        "privacy.erasure_requested": _("Erasure of personal data requested"),
        "privacy.erasure_done": _("Personal data erased"),
        "privacy.request_cancelled": _("Personal data request cancelled"),
    },
    fields={"records": _("records")},
)
