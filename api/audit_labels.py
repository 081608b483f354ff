"""Labels of the api app's audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "api_token.created": _("API token created"),
        "api_token.revoked": _("API token revoked"),
    }
)
