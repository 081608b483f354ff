import factory

from core.domain_events import DOMAIN_EVENT_KINDS
from webhooks.models import Endpoint


class EndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endpoint

    url = factory.Sequence(lambda n: f"https://93.184.216.{n % 200 + 1}/hooks/cluster")
    description = "CRM"
    events = factory.LazyFunction(lambda: list(DOMAIN_EVENT_KINDS))
