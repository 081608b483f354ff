"""Labels of the webhooks app's audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "webhook.endpoint_created": _("Webhook endpoint added"),
        "webhook.endpoint_changed": _("Webhook endpoint changed"),
        "webhook.endpoint_deleted": _("Webhook endpoint deleted"),
        "webhook.secret_rotated": _("Webhook signing secret replaced"),
        "webhook.pinged": _("Test event sent to a webhook endpoint"),
        "webhook.delivery_resent": _("Webhook delivery sent again"),
    },
    diff_actions={"webhook.endpoint_changed"},
)
