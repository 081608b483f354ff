"""Writes for news, pages and the newsletter. Each function is one transaction with an audit entry.

Sending a campaign, and what "exactly once" means here
-------------------------------------------------------
Starting a campaign writes one `Delivery` row per address (a unique constraint on campaign and
address backs this up) and fixes each row's Message-ID. Workers then claim batches with
`SELECT ... FOR UPDATE SKIP LOCKED`, mark them `sending` with the claim time and commit *before*
talking to SMTP; after the server accepts a message the row becomes `sent`. So:

* a row that is `sent` is never sent again, by any worker or any redelivered task;
* rows claimed by a worker that died (SIGKILL, power loss) stay `sending`; once the claim is older
  than NEWSLETTER_CLAIM_TIMEOUT another worker takes them over, so nothing is lost;
* the one message a worker may have handed to SMTP just before dying, without recording it, is
  sent again with the same Message-ID. SMTP offers no way to ask whether a message arrived, so this
  window (RFC 1047) cannot be closed from the sender's side; the stable Message-ID lets receiving
  servers and mail clients recognise the repeat as the same message.

Failed sends are retried with exponential back-off and marked `failed` after the last attempt.

A campaign's mail is rendered once per language (`PreparedMail`) and each recipient's address,
links and Message-ID are filled into its bytes, and the `sent` marks are committed without waiting
for the disk (`_commits_unflushed`): sending is then bounded by SMTP, not by templates or fsync.
"""

import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formatdate, parseaddr

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.audit import audit_log, model_snapshot, snapshot_diff
from core.emails import email_queue, render_email
from core.links import absolute_url

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
DELIVERY_MAX_ATTEMPTS = 5
DELIVERY_RETRY_BASE = timedelta(seconds=60)
NEWSLETTER_TEMPLATE = "news_campaign"


def _save_unique(instance, *, field, message):
    instance.full_clean(exclude=["cover"])
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ValidationError({field: message}, code="unique") from error


# --- Articles and pages -------------------------------------------------------------------------


def _tags_named(names):
    tags = []
    for name in dict.fromkeys(name.strip() for name in names if name.strip()):
        slug = slugify(name.translate(str.maketrans("łŁ", "lL")))[:80] or "tag"
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name_pl": name[:80]})
        tags.append(tag)
    return tags


@transaction.atomic
def article_save(*, actor, data, tag_names=(), article=None):
    """Create or change an article; its body is sanitised and its publication time settled."""
    created = article is None
    article = article or Article(author=actor)
    before = {} if created else model_snapshot(article, ARTICLE_AUDITED_FIELDS)
    for field, value in data.items():
        setattr(article, field, value)
    for field in translated_field_names("body"):
        setattr(article, field, sanitise(getattr(article, field)))
    now = timezone.now()
    if article.status == Article.Status.SCHEDULED:
        if article.published_at is None:
            raise ValidationError(
                {"published_at": _("Choose when the article is to be published.")},
                code="no_time",
            )
        if article.published_at <= now:
            article.status = Article.Status.PUBLISHED
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = now
    _save_unique(
        article, field="slug", message=Article._meta.get_field("slug").error_messages["unique"]
    )
    article.tags.set(_tags_named(tag_names))
    audit_log(
        actor=actor,
        action="article.created" if created else "article.updated",
        target=article,
        changes=snapshot_diff(before, model_snapshot(article, ARTICLE_AUDITED_FIELDS)),
    )
    return article


@transaction.atomic
def articles_publish_due(*, now=None):
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
def page_save(*, actor, data, page=None):
    created = page is None
    page = page or Page()
    before = {} if created else model_snapshot(page, PAGE_AUDITED_FIELDS)
    for field, value in data.items():
        setattr(page, field, value)
    for field in translated_field_names("body"):
        setattr(page, field, sanitise(getattr(page, field)))
    _save_unique(page, field="slug", message=Page._meta.get_field("slug").error_messages["unique"])
    audit_log(
        actor=actor,
        action="page.created" if created else "page.updated",
        target=page,
        changes=snapshot_diff(before, model_snapshot(page, PAGE_AUDITED_FIELDS)),
    )
    return page


# --- Subscribers --------------------------------------------------------------------------------


def confirmation_token(*, subscriber, topics, language):
    """Sign what the confirmation will apply, tied to this request of this subscriber."""
    return signing.dumps(
        {
            "s": subscriber.pk,
            "r": subscriber.consent_at.isoformat(),
            "t": sorted(topic.code for topic in topics),
            "l": language,
        },
        salt=CONFIRMATION_SALT,
    )


def confirmation_payload(token):
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


def _new_token():
    return secrets.token_urlsafe(32)


@transaction.atomic
def subscription_request(*, email, topics, language, consent_text, ip_address):
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
def subscription_confirm(*, token):
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
def subscriber_unsubscribe(*, email, subscriber=None, language=None):
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
def subscriber_preferences_update(*, subscriber, topics, language):
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
def campaign_save(*, actor, data, topics, action_groups, campaign=None):
    """Create or change a campaign that has not started sending."""
    created = campaign is None
    if not created:
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.is_editable:
            raise ValidationError(
                _("A campaign that has started sending cannot be changed."), code="not_editable"
            )
    campaign = campaign or Campaign(created_by=actor)
    before = {} if created else model_snapshot(campaign, CAMPAIGN_AUDITED_FIELDS)
    for field, value in data.items():
        setattr(campaign, field, value)
    for field in translated_field_names("body"):
        setattr(campaign, field, sanitise(getattr(campaign, field)))
    campaign.full_clean()
    campaign.save()
    campaign.topics.set(topics)
    campaign.action_groups.set(action_groups)
    audit_log(
        actor=actor,
        action="campaign.created" if created else "campaign.updated",
        target=campaign,
        changes={
            **snapshot_diff(before, model_snapshot(campaign, CAMPAIGN_AUDITED_FIELDS)),
            "topics": sorted(topic.code for topic in topics),
            "action_groups": [str(group) for group in action_groups],
        },
    )
    return campaign


def _locked_editable(campaign):
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
def campaign_schedule(*, actor, campaign, send_at):
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
def campaign_unschedule(*, actor, campaign):
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
def campaign_send_now(*, actor, campaign):
    campaign = _locked_editable(campaign)
    return _campaign_start(campaign, actor=actor)


def _message_domain():
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


def _campaign_start(campaign, *, actor):
    """Write one delivery per address and hand the campaign to the workers after commit."""
    audience = selectors.campaign_audience(campaign=campaign)
    domain = _message_domain()
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


def _senders_start(campaign_id):
    from .tasks import campaign_send

    for _sender in range(max(settings.NEWSLETTER_SENDERS, 1)):
        campaign_send.delay(campaign_id)


def campaigns_start_due(*, now=None):
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


def campaign_content(*, campaign, language):
    """Return (content language, subject, sanitised HTML body) of a campaign in a language."""
    shown = selectors.content_language(campaign, language, selectors.CAMPAIGN_REQUIRED)
    return (
        shown,
        getattr(campaign, f"subject_{shown}"),
        sanitise(getattr(campaign, f"body_{shown}")),
    )


# Block-level closing tags after which a line break changes nothing in how HTML is shown.
_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|ul|ol|blockquote|table|tr)>)(?!\n)", re.IGNORECASE)


def campaign_email_context(*, campaign, language, preferences_url, is_test=False):
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


def campaign_render(*, campaign, language, preferences_url, is_test=False):
    """Return (subject, text, html) of a campaign mail as a recipient in `language` gets it."""
    return render_email(
        template=NEWSLETTER_TEMPLATE,
        context=campaign_email_context(
            campaign=campaign, language=language, preferences_url=preferences_url, is_test=is_test
        ),
        language=language,
    )


@transaction.atomic
def campaign_test_send(*, actor, campaign, language):
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


# --- Sending ------------------------------------------------------------------------------------


@transaction.atomic
def deliveries_claim(*, campaign_id, limit=None):
    """Claim up to `limit` deliveries that are due, skipping rows other workers hold locked.

    The claim commits before anything is sent, so a row is in one worker's hands at a time.
    """
    now = timezone.now()
    ready = Q(status=Delivery.Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=Delivery.Status.SENDING, claimed_at__lt=selectors.claim_expiry(now)
    )
    rows = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(ready, campaign_id=campaign_id)
        .order_by("pk")
        .values_list("pk", "attempts")[: limit or settings.NEWSLETTER_BATCH_SIZE]
    )
    exhausted = [pk for pk, attempts in rows if attempts >= DELIVERY_MAX_ATTEMPTS]
    claimed = [pk for pk, attempts in rows if attempts < DELIVERY_MAX_ATTEMPTS]
    if exhausted:
        Delivery.objects.filter(pk__in=exhausted).update(
            status=Delivery.Status.FAILED,
            last_error="Interrupted too many times; delivery unknown.",
        )
    Delivery.objects.filter(pk__in=claimed).update(
        status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return claimed


def _delivery_message(delivery, *, campaign, connection, headers=None):
    with translation.override(delivery.language):
        preferences_path = reverse("newsletter:preferences", kwargs={"token": delivery.token})
    unsubscribe_url = absolute_url(
        reverse("newsletter_one_click", kwargs={"token": delivery.token})
    )
    subject, text, html = campaign_render(
        campaign=campaign,
        language=delivery.language,
        preferences_url=absolute_url(preferences_path),
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.email],
        connection=connection,
        headers={
            "Message-ID": delivery.message_id,
            "List-Id": f"{settings.CLUSTER_NAME} <newsletter.{_message_domain()}>",
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            **(headers or {}),
        },
    )
    message.attach_alternative(html, "text/html")
    return message


# What a recipient's mail may carry for the prepared mail below to stand in for it: plain ASCII
# with nothing that the MIME encoder would quote, encode or fold.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")
_PLAIN_VALUE = re.compile(r"[\x21-\x7e]+")


@dataclass(frozen=True)
class PreparedMail:
    """A campaign's mail in one language as SMTP bytes, with stand-ins for each recipient's parts.

    Rendering the templates and building the MIME message cost far more than sending it, and
    only the address, the token in the links, the Message-ID and the date differ between
    recipients. So the mail is built once with random stand-ins as long as the longest value a
    delivery row holds, and each recipient's values replace them in the bytes. It is only used
    when the stand-ins came out verbatim in 8-bit or 7-bit parts, so replacing them changes
    no encoding and no line breaks; otherwise each mail is built on its own.
    """

    envelope_from: str
    content: bytes
    marks: dict

    @classmethod
    def build(cls, *, campaign, language):
        marks = {
            "email": secrets.token_hex(32) + "@stand-in.invalid",
            "token": secrets.token_hex(Delivery._meta.get_field("token").max_length // 2),
            "message_id": f"<{secrets.token_hex(32)}@stand-in.invalid>",
            # As long as formatdate()'s value, without its spaces: the Date line never folds.
            "date": secrets.token_hex(16)[: len(formatdate())],
        }
        stand_in = Delivery(
            email=marks["email"],
            language=language,
            token=marks["token"],
            message_id=marks["message_id"],
        )
        message = _delivery_message(
            stand_in, campaign=campaign, connection=None, headers={"Date": marks["date"]}
        )
        head, blank, body = message.message().as_bytes(linesep="\r\n").partition(b"\r\n\r\n")
        # A header too long for one line is moved whole to the next; a real value may be short.
        content = head.replace(b": \r\n ", b": ") + blank + body
        encoded = re.search(
            rb"Content-Transfer-Encoding: *(quoted-printable|base64)", content, re.I
        )
        if encoded or any(content.count(mark.encode()) == 0 for mark in marks.values()):
            return None
        return cls(
            envelope_from=sanitize_address(
                message.from_email, message.encoding or settings.DEFAULT_CHARSET
            ),
            content=content,
            marks={field: mark.encode() for field, mark in marks.items()},
        )

    @staticmethod
    def fits(delivery):
        return bool(
            _PLAIN_ADDRESS.fullmatch(delivery.email)
            and _PLAIN_VALUE.fullmatch(delivery.token)
            and _PLAIN_VALUE.fullmatch(delivery.message_id)
        )

    def content_for(self, delivery):
        values = {
            "email": delivery.email,
            "token": delivery.token,
            "message_id": delivery.message_id,
            "date": formatdate(localtime=settings.EMAIL_USE_LOCALTIME),
        }
        content = self.content
        for field, mark in self.marks.items():
            content = content.replace(mark, values[field].encode("ascii"))
        return content


class CampaignMails:
    """The campaigns and their prepared mails, kept by a task for all the batches it sends."""

    def __init__(self):
        self._campaigns = {}
        self._prepared = {}

    def campaign(self, campaign_id):
        if campaign_id not in self._campaigns:
            self._campaigns[campaign_id] = Campaign.objects.get(pk=campaign_id)
        return self._campaigns[campaign_id]

    def prepared(self, campaign, language):
        key = (campaign.pk, language)
        if key not in self._prepared:
            self._prepared[key] = PreparedMail.build(campaign=campaign, language=language)
        return self._prepared[key]


def _delivery_send(delivery, *, connection, mails):
    campaign = mails.campaign(delivery.campaign_id)
    prepared = mails.prepared(campaign, delivery.language)
    if prepared is None or not isinstance(connection, SMTPBackend) or not prepared.fits(delivery):
        _delivery_message(delivery, campaign=campaign, connection=connection).send()
        return
    if connection.connection is None:
        connection.open()
    connection.connection.sendmail(
        prepared.envelope_from, [delivery.email], prepared.content_for(delivery)
    )


def _delivery_failed(delivery, error):
    now = timezone.now()
    final = delivery.attempts >= DELIVERY_MAX_ATTEMPTS
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.FAILED if final else Delivery.Status.QUEUED,
        next_attempt_at=now + DELIVERY_RETRY_BASE * 2 ** (delivery.attempts - 1),
        last_error=str(error)[:2000],
    )


@contextmanager
def _commits_unflushed():
    """Let PostgreSQL confirm the commits made inside before they reach the disk.

    Waiting for the disk on every `sent` mark would cost more than the message itself. A worker
    that dies loses nothing by this: its commits are already in the server. Only a crash of
    the database server itself may forget the marks of its last fraction of a second; those
    messages go again with their Message-ID once the claim expires, as after a worker's death.
    """
    if db_connection.vendor != "postgresql":
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with db_connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def deliveries_send(*, delivery_ids, mails=None):
    """Send claimed deliveries over one SMTP connection, recording each as it goes.

    A task sending many batches passes the same `mails`, so each language's mail is built once.
    """
    mails = mails or CampaignMails()
    deliveries = Delivery.objects.filter(
        pk__in=delivery_ids, status=Delivery.Status.SENDING
    ).order_by("pk")
    smtp = get_connection()
    try:
        smtp.open()
    except Exception:  # each send below opens its own connection and records its own failure
        smtp.close()
    with _commits_unflushed():
        for delivery in deliveries:
            try:
                _delivery_send(delivery, connection=smtp, mails=mails)
            except Exception as error:  # any transport failure is retried, then recorded
                smtp.close()
                _delivery_failed(delivery, error)
                continue
            Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
                status=Delivery.Status.SENT, sent_at=timezone.now(), last_error=""
            )
    smtp.close()


def campaign_finish_if_done(*, campaign_id):
    """Mark the campaign sent once no mail is waiting; return whether it is finished."""
    waiting = Delivery.objects.filter(
        campaign_id=campaign_id, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    ).exists()
    if waiting:
        return False
    Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
        status=Campaign.Status.SENT, finished_at=timezone.now(), updated_at=timezone.now()
    )
    return True


def campaign_next_retry(*, campaign_id):
    """When the campaign next has work: a retry falls due or another worker's claim expires."""
    times = Delivery.objects.filter(campaign_id=campaign_id).aggregate(
        retry=Min("next_attempt_at", filter=Q(status=Delivery.Status.QUEUED)),
        claim=Min("claimed_at", filter=Q(status=Delivery.Status.SENDING)),
    )
    claim_expires = (
        times["claim"] + timedelta(seconds=settings.NEWSLETTER_CLAIM_TIMEOUT)
        if times["claim"]
        else None
    )
    return min((time for time in (times["retry"], claim_expires) if time), default=None)
