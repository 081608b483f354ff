import factory
from django.core.cache import cache

from core.domain_events import DOMAIN_EVENT_KINDS
from webhooks.models import Endpoint
from webhooks.services import SUBSCRIBED_KINDS_KEY


class EndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endpoint

    url = factory.Sequence(lambda n: f"https://93.184.216.{n % 200 + 1}/hooks/cluster")
    description = "CRM"
    events = factory.LazyFunction(lambda: list(DOMAIN_EVENT_KINDS))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Written past the services, so the services' memo of subscribed kinds is dropped here.
        endpoint = super()._create(model_class, *args, **kwargs)
        cache.delete(SUBSCRIBED_KINDS_KEY)
        return endpoint
