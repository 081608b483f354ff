"""Reads for news, pages and the newsletter. Each returns what its page needs, prefetched."""

import datetime
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import User
from core.i18n import content_language
from core.i18n import translations_missing as translations_missing  # the panel lists them
from core.page_cache import cached_while_unchanged
from members.models import Organisation, Person

from .models import Article, Campaign, Delivery, Page, Subscriber, Tag, Topic

# A text counts as translated into a language when these fields are filled in it.
ARTICLE_REQUIRED = ("title", "body")
PAGE_REQUIRED = ("title", "body")
CAMPAIGN_REQUIRED = ("subject", "body")


_Objects = TypeVar("_Objects", bound=Iterable[Any])


def with_content_language(
    objects: _Objects, language: str | None, required: Sequence[str] = ARTICLE_REQUIRED
) -> _Objects:
    """Mark each object with the language its text is shown in, for the `localised` filter."""
    for obj in objects:
        obj.content_language = content_language(obj, language, required)
    return objects


def _tags_prefetch() -> Prefetch:
    return Prefetch("tags", queryset=Tag.objects.order_by("name"))


def articles_public(*, category: str = "") -> QuerySet[Article]:
    """Public articles, newest first, with their tags."""
    articles = Article.objects.public().prefetch_related(_tags_prefetch())
    if category:
        articles = articles.filter(category=category)
    return articles.order_by("-published_at", "-pk")


def articles_latest(limit: int = 3) -> list[Article]:
    """The newest public articles for the home page, marked with the language they show in."""
    return with_content_language(list(articles_public()[:limit]), get_language())


def article_for_reader(*, slug: str, user: User | AnonymousUser) -> Article:
    """Return a public article; a coordinator also sees drafts and scheduled ones, to preview.

    Kept in the cache until the content next changes. An article not found is looked for again
    on every request: a scheduled one is found as soon as its time comes.
    """
    from accounts.roles import is_coordinator

    previews = is_coordinator(user)

    def article_found() -> Article:
        articles = Article.objects.select_related("author").prefetch_related(_tags_prefetch())
        if not previews:
            articles = articles.public()
        return articles.get(slug=slug)

    return cached_while_unchanged(
        f"article:{'preview' if previews else 'public'}:{slug}", article_found
    )


def articles_for_feed(*, limit: int = 30) -> list[Article]:
    return list(articles_public().select_related("author")[:limit])


def articles_for_panel() -> QuerySet[Article]:
    return Article.objects.select_related("author").prefetch_related(_tags_prefetch())


def pages_public() -> QuerySet[Page]:
    return Page.objects.order_by("slug")


def pages_for_panel() -> QuerySet[Page]:
    return Page.objects.order_by("slug")


def topics() -> QuerySet[Topic]:
    return Topic.objects.order_by("pk")


def campaigns_for_panel() -> QuerySet[Campaign]:
    """Campaigns with their delivery counts by status, in one query."""
    return Campaign.objects.select_related("created_by").annotate(
        recipients=Count("deliveries"),
        sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
    )


def campaign_for_panel(*, pk: int) -> Campaign:
    return (
        Campaign.objects.select_related("created_by")
        .prefetch_related("topics", "action_groups")
        .get(pk=pk)
    )


def campaign_counts(*, campaign: Campaign) -> dict[str, int]:
    """How many of the campaign's mails are queued, being sent, sent and failed."""
    counts = dict(
        Delivery.objects.filter(campaign=campaign)
        .values_list("status")
        .annotate(total=Count("pk"))
        .order_by()
    )
    result = {status.value: counts.get(status.value, 0) for status in Delivery.Status}
    result["total"] = sum(counts.values())
    return result


def campaign_failures(*, campaign: Campaign, limit: int = 50) -> QuerySet[Delivery]:
    return Delivery.objects.filter(campaign=campaign, status=Delivery.Status.FAILED).order_by(
        "email"
    )[:limit]


def subscribers_for_panel(*, state: str = "") -> QuerySet[Subscriber]:
    subscribers = Subscriber.objects.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("pk"))
    ).order_by("email")
    if state:
        subscribers = subscribers.filter(state=state)
    return subscribers


def subscriber_counts() -> list[tuple[Subscriber.State, int]]:
    counts = dict(Subscriber.objects.values_list("state").annotate(total=Count("pk")).order_by())
    return [(state, counts.get(state.value, 0)) for state in Subscriber.State]


def subscriber_for_token(
    token: str,
) -> tuple[Subscriber | None, str | None, str | None]:
    """Return (subscriber or None, e-mail, language) for a subscriber's or a mail's token.

    Campaign mails to representatives and action groups go to people who may never have
    subscribed, so a mail's own token names an address without a subscriber row.
    """
    subscriber = Subscriber.objects.filter(token=token).prefetch_related("topics").first()
    if subscriber is not None:
        return subscriber, subscriber.email, subscriber.language
    delivery = Delivery.objects.filter(token=token).select_related("subscriber").first()
    if delivery is None:
        return None, None, None
    subscriber = delivery.subscriber or (
        Subscriber.objects.filter(email__iexact=delivery.email).prefetch_related("topics").first()
    )
    return subscriber, delivery.email, delivery.language


def campaign_audience(*, campaign: Campaign) -> dict[str, tuple[str, int | None]]:
    """Return {address: (language, subscriber id or None)} of everyone the campaign reaches.

    Each address appears once, in lower case. Confirmed subscribers of the campaign's topics come
    in (those of a members-only topic only when the address belongs to a person at an active
    member), then representatives and action-group people when chosen; an address that
    unsubscribed or bounced is left out whatever brought it in.
    """
    active = Organisation.Status.ACTIVE
    topics = list(campaign.topics.all())
    open_topics = [topic for topic in topics if not topic.members_only]
    member_topics = [topic for topic in topics if topic.members_only]
    member_addresses = (
        Person.objects.filter(organisation__status=active).annotate(address=Lower("email"))
    ).values("address")

    confirmed = Subscriber.objects.filter(state=Subscriber.State.CONFIRMED).annotate(
        address=Lower("email")
    )
    wanted = Q(pk__in=[])
    if open_topics:
        wanted |= Q(topics__in=open_topics)
    if member_topics:
        wanted |= Q(topics__in=member_topics, address__in=member_addresses)
    audience: dict[str, tuple[str, int | None]] = {
        address: (language, pk)
        for pk, address, language in confirmed.filter(wanted)
        .values_list("pk", "address", "language")
        .distinct()
    }

    people = Q(pk__in=[])
    if campaign.to_representatives:
        people |= Q(role=Person.Role.REPRESENTATIVE, organisation__status=active)
    groups = list(campaign.action_groups.all())
    if groups:
        people |= Q(organisation__action_groups__in=groups, organisation__status=active)
        people |= Q(led_action_groups__in=groups)
    person_addresses = {
        address: language
        for address, language in Person.objects.filter(people)
        .annotate(address=Lower("email"))
        .values_list("address", "language")
        .distinct()
        if address not in audience
    }
    if person_addresses:
        known = {
            address: (language, pk, state)
            for pk, address, language, state in Subscriber.objects.annotate(address=Lower("email"))
            .filter(address__in=list(person_addresses))
            .values_list("pk", "address", "language", "state")
        }
        for address, language in person_addresses.items():
            if address in known:
                language, pk, _state = known[address]
                audience[address] = (language, pk)
            else:
                audience[address] = (language, None)

    suppressed = set(
        Subscriber.objects.filter(
            state__in=[Subscriber.State.UNSUBSCRIBED, Subscriber.State.BOUNCED]
        )
        .annotate(address=Lower("email"))
        .values_list("address", flat=True)
    )
    return {address: value for address, value in audience.items() if address not in suppressed}


def claim_expiry(now: datetime.datetime) -> datetime.datetime:
    """Claims made before the returned time belong to a worker presumed dead."""
    return now - timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT)


def campaigns_with_work(*, now: datetime.datetime | None = None) -> list[int]:
    """Ids of campaigns being sent that have mail ready to go or claims left by a dead worker."""
    now = now or timezone.now()
    ready = Q(status=Delivery.Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=Delivery.Status.SENDING, claimed_at__lt=claim_expiry(now)
    )
    return list(
        Delivery.objects.filter(ready, campaign__status=Campaign.Status.SENDING)
        .values_list("campaign_id", flat=True)
        .distinct()
        .order_by("campaign_id")
    )
