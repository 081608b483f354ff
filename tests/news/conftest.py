"""Factories and helpers for the news app's tests."""

import importlib
import secrets

import factory
import pytest
from django.utils import timezone

from news.models import Article, Campaign, Page, Subscriber, Topic


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article in Polish only; pass `title_en=...` and so on for translations."""

    class Meta:
        model = Article

    title_pl = factory.Sequence(lambda n: f"Aktualność {n}")
    slug = factory.Sequence(lambda n: f"aktualnosc-{n}")
    lead_pl = "Krótkie wprowadzenie."
    body_pl = "<p>Treść artykułu.</p>"
    category = Article.Category.CLUSTER
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"strona-{n}")
    title_pl = factory.Sequence(lambda n: f"Strona {n}")
    body_pl = "<p>Treść strony.</p>"


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber of the general topic."""

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"czytelnik{n}@example.com")
    language = "pl"
    state = Subscriber.State.CONFIRMED
    consent_text = "Zgoda."
    consent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        codes = extracted if extracted is not None else [Topic.GENERAL]
        self.topics.set(Topic.objects.filter(code__in=codes))


class CampaignFactory(factory.django.DjangoModelFactory):
    """A draft campaign for subscribers of the general topic, in Polish and English."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    subject_pl = "Biuletyn klastra"
    body_pl = "<p>Dzień dobry, oto nowości.</p>"
    subject_en = "Cluster newsletter"
    body_en = "<p>Hello, here is the news.</p>"

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        codes = extracted if extracted is not None else [Topic.GENERAL]
        self.topics.set(Topic.objects.filter(code__in=codes))


@pytest.fixture
def general():
    return Topic.objects.get(code=Topic.GENERAL)


def topics_ensure():
    """Create the three topics of the data migration again.

    Tests with `transaction=True` empty every table afterwards, rows of data migrations included.
    """
    from django.apps import apps

    migration = importlib.import_module("news.migrations.0002_topics")
    migration.create_topics(apps, None)


@pytest.fixture(autouse=True)
def _topics(db):
    topics_ensure()
