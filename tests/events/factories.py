"""Factories for events: published, open for registration, starting in a week by default."""

from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Event, EventQuestion


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.SEMINAR
    title = factory.Sequence(lambda n: f"Seminarium {n}")
    title_pl = factory.SelfAttribute("title")
    title_en = factory.Sequence(lambda n: f"Seminar {n}")
    slug = factory.Sequence(lambda n: f"seminar-{n}")
    description_pl = "Opis wydarzenia."
    description_en = "About the event."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=3))
    venue = "Centrum Konferencyjne, Gdańsk"
    audience = Event.Audience.MEMBERS
    status = Event.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventQuestion

    event = factory.SubFactory(EventFactory)
    kind = EventQuestion.Kind.TEXT
    label = "Wymagania dietetyczne"
    label_pl = factory.SelfAttribute("label")
    label_en = "Dietary needs"
