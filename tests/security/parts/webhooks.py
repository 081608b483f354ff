"""The security tests' part for the webhooks app (see `parts/__init__.py`): the coordinator's."""

from django.utils import timezone

from tests.webhooks.factories import EndpointFactory
from webhooks.models import Delivery, Event

from ..rules import coordinator_action, coordinator_page

TABLE = {
    "panel_webhooks:endpoint_list": coordinator_page(),
    "panel_webhooks:endpoint_create": coordinator_page(),
    "panel_webhooks:endpoint_detail": coordinator_page(),
    "panel_webhooks:endpoint_edit": coordinator_page(),
    "panel_webhooks:endpoint_delete": coordinator_page(),
    "panel_webhooks:endpoint_secret_rotate": coordinator_action(),
    "panel_webhooks:endpoint_ping": coordinator_action(),
    "panel_webhooks:delivery_resend": coordinator_action(),
}
MARKER_READERS: dict = {}
WITHOUT_A_FORM: dict = {}
EXTRA_PAGES: tuple = ()


def build(world, *, outsider, employee, representative, council_member, coordinator):
    """An endpoint on a public address with one failed delivery (the "send again" form)."""
    endpoint = EndpointFactory(url="https://93.184.216.34/cluster-hooks")
    event = Event.objects.create(kind="member.joined", payload={}, occurred_at=timezone.now())
    world.objects["webhook_endpoint"] = endpoint
    world.objects["failed_delivery"] = Delivery.objects.create(
        event=event, endpoint=endpoint, status=Delivery.Status.FAILED, attempts=7
    )


def url_kwargs(objects):
    endpoint = {"pk": objects["webhook_endpoint"].pk}
    return {
        "panel_webhooks:endpoint_detail": endpoint,
        "panel_webhooks:endpoint_edit": endpoint,
        "panel_webhooks:endpoint_delete": endpoint,
        "panel_webhooks:endpoint_secret_rotate": endpoint,
        "panel_webhooks:endpoint_ping": endpoint,
        "panel_webhooks:delivery_resend": {"pk": objects["failed_delivery"].pk},
    }
