"""Writes for news, pages and the newsletter. Each function is one transaction with an audit entry.

A campaign's mail is sent by the engine in `sending.py`; starting a campaign here writes the
deliveries it sends.
"""

import datetime
import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import timedelta
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.audit import audit_log, snapshot_diff
from core.emails import email_queue, render_email
from core.links import absolute_url
from core.services import audited_update, slugify
from members.models import ActionGroup

from . import selectors
from .models import (
    Article,
    Campaign,
    Delivery,
    Page,
    Subscriber,
    Tag,
    Topic,
    translated_field_names,
)
from .richtext import html_to_text, sanitise

ARTICLE_AUDITED_FIELDS = [
    "slug",
    "category",
    "status",
    "published_at",
    "cover",
    *translated_field_names("title", "lead", "body", "cover_alt"),
]
PAGE_AUDITED_FIELDS = ["slug", *translated_field_names("title", "body")]
CAMPAIGN_AUDITED_FIELDS = [
    "to_representatives",
    "status",
    "send_at",
    *translated_field_names("subject", "body"),
]
CONFIRMATION_SALT = "news.newsletter.confirm"
CONFIRMATION_VALID_DAYS = 7
# A second request for the same address within this time sends no second confirmation.
CONFIRMATION_RESEND_INTERVAL = timedelta(minutes=5)
NEWSLETTER_TEMPLATE = "news_campaign"


# --- Articles and pages -------------------------------------------------------------------------


def _bodies_sanitise(instance: Article | Page | Campaign) -> None:
    """Keep only the markup the portal allows in each language's body, whatever the editor sent."""
    for field in translated_field_names("body"):
        setattr(instance, field, sanitise(getattr(instance, field)))


def _tags_named(names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in dict.fromkeys(name.strip() for name in names if name.strip()):
        slug = slugify(name)[:80] or "tag"
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name_pl": name[:80]})
        tags.append(tag)
    return tags


@transaction.atomic
def article_save(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    tag_names: Iterable[str] = (),
    article: Article | None = None,
) -> Article:
    """Create or change an article; its body is sanitised and its publication time settled."""
    created = article is None
    instance = article or Article(author=actor)

    def body_and_time_settle() -> None:
        _bodies_sanitise(instance)
        now = timezone.now()
        if instance.status == Article.Status.SCHEDULED:
            if instance.published_at is None:
                raise ValidationError(
                    {"published_at": _("Choose when the article is to be published.")},
                    code="no_time",
                )
            if instance.published_at <= now:
                instance.status = Article.Status.PUBLISHED
        if instance.status == Article.Status.PUBLISHED and instance.published_at is None:
            instance.published_at = now

    audited_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=ARTICLE_AUDITED_FIELDS,
        audit_action="article.created" if created else "article.updated",
        prepare=body_and_time_settle,
        exclude=["cover"],
        unique_fields=["slug"],
        related=lambda: instance.tags.set(_tags_named(tag_names)),
        log_unchanged=True,
    )
    return instance


@transaction.atomic
def articles_publish_due(*, now: datetime.datetime | None = None) -> int:
    """Publish the scheduled articles whose time has come; return how many."""
    now = now or timezone.now()
    due = list(
        Article.objects.select_for_update(skip_locked=True).filter(
            status=Article.Status.SCHEDULED, published_at__lte=now
        )
    )
    for article in due:
        article.status = Article.Status.PUBLISHED
        article.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=None,
            action="article.published",
            target=article,
            changes={"status": [Article.Status.SCHEDULED, Article.Status.PUBLISHED]},
        )
    return len(due)


@transaction.atomic
def page_save(*, actor: User | None, data: Mapping[str, Any], page: Page | None = None) -> Page:
    instance = page or Page()
    audited_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=PAGE_AUDITED_FIELDS,
        audit_action="page.created" if page is None else "page.updated",
        prepare=lambda: _bodies_sanitise(instance),
        unique_fields=["slug"],
        log_unchanged=True,
    )
    return instance


# --- Subscribers --------------------------------------------------------------------------------


def confirmation_token(*, subscriber: Subscriber, topics: Iterable[Topic], language: str) -> str:
    """Sign what the confirmation will apply, tied to this request of this subscriber."""
    return signing.dumps(
        {
            "s": subscriber.pk,
            # A subscriber asked to be confirmed, so consent_at is set.
            "r": subscriber.consent_at.isoformat(),  # type: ignore[union-attr]
            "t": sorted(topic.code for topic in topics),
            "l": language,
        },
        salt=CONFIRMATION_SALT,
    )


def confirmation_payload(token: str) -> dict[str, Any]:
    """Return the signed request in a confirmation link, or raise ValidationError."""
    try:
        return signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=timedelta(days=CONFIRMATION_VALID_DAYS)
        )
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("This confirmation link has expired. Subscribe again to get a new one."),
            code="expired",
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This confirmation link is not valid."), code="invalid") from error


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def subscription_request(
    *,
    email: str,
    topics: Iterable[Topic],
    language: str,
    consent_text: str,
    ip_address: str | None,
) -> Subscriber:
    """Record a request to subscribe and send the double opt-in link.

    Nothing changes for the subscriber's topics until the link is followed, so nobody can change
    what someone else receives by typing their address into the form.
    """
    email = email.strip().lower()
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
    if (
        subscriber is not None
        and subscriber.state == Subscriber.State.PENDING
        and subscriber.consent_at
        and subscriber.consent_at > now - CONFIRMATION_RESEND_INTERVAL
    ):
        return subscriber
    if subscriber is None:
        subscriber = Subscriber(email=email, token=_new_token(), language=language)
    already_confirmed = subscriber.state == Subscriber.State.CONFIRMED
    if not already_confirmed:
        subscriber.state = Subscriber.State.PENDING
        subscriber.language = language
    subscriber.consent_text = consent_text
    subscriber.consent_at = now
    subscriber.consent_ip = ip_address
    try:
        with transaction.atomic():
            subscriber.save()
    except IntegrityError:
        # The same address was subscribed a moment ago in another request: one mail is enough.
        return Subscriber.objects.get(email__iexact=email)
    token = confirmation_token(subscriber=subscriber, topics=topics, language=language)
    with translation.override(language):
        confirm_path = reverse("newsletter:confirm", kwargs={"token": token})
    email_queue(
        to=subscriber.email,
        template="news_newsletter_confirm",
        language=language,
        context={
            "confirm_url": absolute_url(confirm_path),
            "valid_days": CONFIRMATION_VALID_DAYS,
            "already_confirmed": already_confirmed,
            "topics": [topic.name for topic in topics],
        },
    )
    audit_log(
        actor=None,
        action="subscriber.requested",
        target=subscriber,
        changes={
            "topics": sorted(topic.code for topic in topics),
            "language": language,
            "ip_address": ip_address,
        },
    )
    return subscriber


@transaction.atomic
def subscription_confirm(*, token: str) -> Subscriber:
    """Confirm the subscription a link was sent for; repeating it changes nothing."""
    payload = confirmation_payload(token)
    subscriber = Subscriber.objects.select_for_update().filter(pk=payload["s"]).first()
    if (
        subscriber is None
        or subscriber.consent_at is None
        or subscriber.consent_at.isoformat() != payload["r"]
        or subscriber.state not in {Subscriber.State.PENDING, Subscriber.State.CONFIRMED}
    ):
        raise ValidationError(
            _("This confirmation link is no longer valid. Subscribe again to get a new one."),
            code="superseded",
        )
    previous = subscriber.state
    if previous != Subscriber.State.CONFIRMED:
        subscriber.confirmed_at = timezone.now()
    subscriber.state = Subscriber.State.CONFIRMED
    subscriber.unsubscribed_at = None
    subscriber.language = payload["l"]
    subscriber.save()
    subscriber.topics.set(Topic.objects.filter(code__in=payload["t"]))
    audit_log(
        actor=None,
        action="subscriber.confirmed",
        target=subscriber,
        changes={"state": [previous, subscriber.state], "topics": payload["t"]},
    )
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(
    *, email: str, subscriber: Subscriber | None = None, language: str | None = None
) -> Subscriber:
    """Stop all newsletter mail to an address; an address without a row gets one, as a block."""
    if subscriber is None:
        subscriber = Subscriber.objects.filter(email__iexact=email).first()
    if subscriber is None:
        subscriber = Subscriber.objects.create(
            email=email.lower(),
            language=language or settings.LANGUAGE_CODE,
            state=Subscriber.State.UNSUBSCRIBED,
            unsubscribed_at=timezone.now(),
            token=_new_token(),
        )
        audit_log(actor=None, action="subscriber.unsubscribed", target=subscriber)
        return subscriber
    updated = (
        Subscriber.objects.filter(pk=subscriber.pk)
        .exclude(state=Subscriber.State.UNSUBSCRIBED)
        .update(state=Subscriber.State.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    )
    if updated:
        audit_log(
            actor=None,
            action="subscriber.unsubscribed",
            target=subscriber,
            changes={"state": [subscriber.state, Subscriber.State.UNSUBSCRIBED]},
        )
    subscriber.refresh_from_db()
    return subscriber


@transaction.atomic
def subscriber_preferences_update(
    *, subscriber: Subscriber, topics: Iterable[Topic], language: str
) -> Subscriber:
    if subscriber.state != Subscriber.State.CONFIRMED:
        raise ValidationError(
            _("Only a confirmed subscription has preferences to change."), code="not_confirmed"
        )
    before = {
        "language": subscriber.language,
        "topics": sorted(t.code for t in subscriber.topics.all()),
    }
    subscriber.language = language
    subscriber.save(update_fields=["language", "updated_at"])
    subscriber.topics.set(topics)
    after = {"language": language, "topics": sorted(topic.code for topic in topics)}
    audit_log(
        actor=None,
        action="subscriber.preferences_changed",
        target=subscriber,
        changes=snapshot_diff(before, after),
    )
    return subscriber


# --- Campaigns ----------------------------------------------------------------------------------


@transaction.atomic
def campaign_save(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    topics: Iterable[Topic],
    action_groups: Iterable[ActionGroup],
    campaign: Campaign | None = None,
) -> Campaign:
    """Create or change a campaign that has not started sending."""
    created = campaign is None
    if campaign is not None:
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.is_editable:
            raise ValidationError(
                _("A campaign that has started sending cannot be changed."), code="not_editable"
            )
    instance = campaign or Campaign(created_by=actor)

    def audience_set() -> dict[str, Any]:
        instance.topics.set(topics)
        instance.action_groups.set(action_groups)
        return {
            "topics": sorted(topic.code for topic in topics),
            "action_groups": [str(group) for group in action_groups],
        }

    audited_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=CAMPAIGN_AUDITED_FIELDS,
        audit_action="campaign.created" if created else "campaign.updated",
        prepare=lambda: _bodies_sanitise(instance),
        related=audience_set,
        log_unchanged=True,
    )
    return instance


def _locked_editable(campaign: Campaign) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_editable:
        raise ValidationError(
            _("This campaign has already been sent or is being sent."), code="not_editable"
        )
    if not selectors.campaign_audience(campaign=campaign):
        raise ValidationError(
            _("Nobody would receive this campaign: choose topics or groups with recipients."),
            code="no_audience",
        )
    return campaign


@transaction.atomic
def campaign_schedule(
    *, actor: User | None, campaign: Campaign, send_at: datetime.datetime
) -> Campaign:
    """Set the campaign to go out at `send_at`; the beat job starts it then."""
    campaign = _locked_editable(campaign)
    if send_at <= timezone.now():
        raise ValidationError({"send_at": _("Choose a time in the future.")}, code="past")
    previous = campaign.status
    campaign.status, campaign.send_at = Campaign.Status.SCHEDULED, send_at
    campaign.save(update_fields=["status", "send_at", "updated_at"])
    audit_log(
        actor=actor,
        action="campaign.scheduled",
        target=campaign,
        changes={"status": [previous, campaign.status], "send_at": send_at},
    )
    return campaign


@transaction.atomic
def campaign_unschedule(*, actor: User | None, campaign: Campaign) -> None:
    updated = Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.SCHEDULED).update(
        status=Campaign.Status.DRAFT, send_at=None, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError(_("Only a scheduled campaign can be put back."), code="not_scheduled")
    audit_log(
        actor=actor,
        action="campaign.unscheduled",
        target=campaign,
        changes={"status": [Campaign.Status.SCHEDULED, Campaign.Status.DRAFT]},
    )


@transaction.atomic
def campaign_send_now(*, actor: User | None, campaign: Campaign) -> Campaign:
    campaign = _locked_editable(campaign)
    return _campaign_start(campaign, actor=actor)


def message_domain() -> str:
    """The domain of the newsletter's Message-IDs and List-Id: the sender address's."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


def _campaign_start(campaign: Campaign, *, actor: User | None) -> Campaign:
    """Write one delivery per address and hand the campaign to the workers after commit."""
    audience = selectors.campaign_audience(campaign=campaign)
    domain = message_domain()
    deliveries = []
    for address, (language, subscriber_id) in sorted(audience.items()):
        token = secrets.token_urlsafe(24)
        deliveries.append(
            Delivery(
                campaign=campaign,
                email=address,
                language=language,
                subscriber_id=subscriber_id,
                token=token,
                message_id=f"<newsletter.{campaign.pk}.{token}@{domain}>",
            )
        )
    Delivery.objects.bulk_create(deliveries, batch_size=500, ignore_conflicts=True)
    previous = campaign.status
    now = timezone.now()
    campaign.status = Campaign.Status.SENDING if deliveries else Campaign.Status.SENT
    campaign.started_at = now
    campaign.finished_at = None if deliveries else now
    campaign.save(update_fields=["status", "started_at", "finished_at", "updated_at"])
    audit_log(
        actor=actor,
        action="campaign.started",
        target=campaign,
        changes={"status": [previous, campaign.status], "recipients": len(deliveries)},
    )
    if deliveries:
        transaction.on_commit(lambda: _senders_start(campaign.pk))
    return campaign


def _senders_start(campaign_id: int) -> None:
    from .tasks import campaign_send

    for _sender in range(max(settings.NEWSLETTER_SENDERS, 1)):
        campaign_send.delay(campaign_id)


def campaigns_start_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Start the scheduled campaigns whose time has come; return their ids."""
    now = now or timezone.now()
    started = []
    for campaign_id in Campaign.objects.filter(
        status=Campaign.Status.SCHEDULED, send_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            campaign = (
                Campaign.objects.select_for_update(skip_locked=True)
                .filter(pk=campaign_id, status=Campaign.Status.SCHEDULED)
                .first()
            )
            if campaign is not None:
                _campaign_start(campaign, actor=None)
                started.append(campaign_id)
    return started


def campaign_content(*, campaign: Campaign, language: str) -> tuple[str, str, str]:
    """Return (content language, subject, sanitised HTML body) of a campaign in a language."""
    shown = selectors.content_language(campaign, language, selectors.CAMPAIGN_REQUIRED)
    return (
        shown,
        getattr(campaign, f"subject_{shown}"),
        sanitise(getattr(campaign, f"body_{shown}")),
    )


# Block-level closing tags after which a line break changes nothing in how HTML is shown.
_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|ul|ol|blockquote|table|tr)>)(?!\n)", re.IGNORECASE)


def campaign_email_context(
    *, campaign: Campaign, language: str, preferences_url: str, is_test: bool = False
) -> dict[str, Any]:
    shown, subject, body_html = campaign_content(campaign=campaign, language=language)
    return {
        "subject": subject,
        # The editor stores a body as one line; a line over 998 bytes would make the whole HTML
        # part quoted-printable, which PreparedMail cannot fill in, so each block gets its own.
        "body_html": _BLOCK_END.sub("\\1\n", body_html),
        "body_text": html_to_text(body_html),
        "content_language": shown,
        "preferences_url": preferences_url,
        "is_test": is_test,
    }


def campaign_render(
    *, campaign: Campaign, language: str, preferences_url: str, is_test: bool = False
) -> tuple[str, str, str]:
    """Return (subject, text, html) of a campaign mail as a recipient in `language` gets it."""
    return render_email(
        template=NEWSLETTER_TEMPLATE,
        context=campaign_email_context(
            campaign=campaign, language=language, preferences_url=preferences_url, is_test=is_test
        ),
        language=language,
    )


@transaction.atomic
def campaign_test_send(*, actor: User, campaign: Campaign, language: str) -> None:
    """Send the campaign to the coordinator's own address, in one language, marked as a test."""
    with translation.override(language):
        preferences_url = absolute_url(reverse("newsletter:subscribe"))
    email_queue(
        to=actor.email,
        template=NEWSLETTER_TEMPLATE,
        language=language,
        context=campaign_email_context(
            campaign=campaign, language=language, preferences_url=preferences_url, is_test=True
        ),
    )
    audit_log(
        actor=actor, action="campaign.test_sent", target=campaign, changes={"language": language}
    )
