from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Signed deliveries of the portal's events to endpoints the coordinator registers."""

    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from core.domain_events import domain_event

        from .receivers import domain_event_received

        domain_event.connect(domain_event_received, dispatch_uid="webhooks.deliveries_record")
