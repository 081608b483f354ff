"""Factories for the cooperation board: a published public offer valid for a month by default.

Posts made here skip the services (as every factory does); tests of the rules go through
`cooperation.services`.
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from cooperation.models import (
    BoardSettings,
    MatchSubscription,
    Post,
    PostAttachment,
    PurchaseCommitment,
)
from tests.factories import PersonFactory, active_member


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    organisation = factory.LazyFunction(active_member)
    contact_person = factory.LazyAttribute(lambda post: post.organisation.primary_representative)
    author = factory.SelfAttribute("contact_person")
    kind = Post.Kind.OFFER
    title = factory.Sequence(lambda n: f"Oferta {n}")
    title_pl = factory.SelfAttribute("title")
    title_en = factory.Sequence(lambda n: f"Offer {n}")
    description_pl = "Opis oferty."
    description_en = "About the offer."
    languages = factory.LazyFunction(lambda: ["en", "pl"])
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    visibility = Post.Visibility.PUBLIC
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def competences(post, create, extracted, **kwargs):
        if create and extracted:
            post.competences.set(extracted)

    @factory.post_generation
    def sectors(post, create, extracted, **kwargs):
        if create and extracted:
            post.sectors.set(extracted)


class JointPurchaseFactory(PostFactory):
    """A published joint purchase, for members only, taking commitments for a week."""

    kind = Post.Kind.JOINT_PURCHASE
    title = factory.Sequence(lambda n: f"Wspólny zakup {n}")
    title_en = factory.Sequence(lambda n: f"Joint purchase {n}")
    description_pl = "Kupujemy razem, taniej."
    description_en = "We buy together, for less."
    visibility = Post.Visibility.MEMBERS
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    purchase_unit = "szt."


class PurchaseCommitmentFactory(factory.django.DjangoModelFactory):
    """An organisation's quantity in a joint purchase, committed by its representative."""

    class Meta:
        model = PurchaseCommitment

    post = factory.SubFactory(JointPurchaseFactory)
    organisation = factory.LazyFunction(active_member)
    person = factory.LazyAttribute(lambda made: made.organisation.primary_representative)
    quantity = Decimal("1")


class PostAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostAttachment

    post = factory.SubFactory(PostFactory)
    title = "Karta produktu"
    file = factory.django.FileField(filename="karta.pdf", data=b"%PDF-1.4 test")
    size = 13


def colleague_of(organisation, **fields):
    """A person of `organisation` without an account."""
    return PersonFactory(organisation=organisation, **fields)


def require_approval(required=True):
    board, _created = BoardSettings.objects.get_or_create(pk=1)
    board.require_approval = required
    board.save()
    return board


def post_data(contact_person, **fields):
    """Valid field values for `services.post_create`, as a form gives them."""
    return {
        "kind": Post.Kind.OFFER,
        "title_pl": "Obróbka CNC",
        "title_en": "CNC machining",
        "description_pl": "Wolne moce przerobowe.",
        "description_en": "Spare capacity.",
        "contact_person": contact_person,
        "valid_until": timezone.localdate() + timedelta(days=30),
        "visibility": Post.Visibility.PUBLIC,
        "languages": ["pl", "en"],
        **fields,
    }


class MatchSubscriptionFactory(factory.django.DjangoModelFactory):
    """A person of a new active member who hears of matching posts in the weekly digest."""

    class Meta:
        model = MatchSubscription

    person = factory.LazyFunction(lambda: active_member().primary_representative)
    frequency = MatchSubscription.Frequency.WEEKLY
    token = factory.Sequence(lambda n: f"match-token-{n}")
