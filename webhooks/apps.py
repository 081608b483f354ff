from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Signed deliveries of the portal's events to endpoints the coordinator registers."""

    name = "webhooks"
    verbose_name = _("Webhooks")
