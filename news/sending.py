"""The newsletter's sending engine: workers claim a campaign's deliveries and send them over SMTP.

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

import datetime
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone, translation

from core.links import absolute_url

from . import selectors
from .models import Campaign, Delivery
from .services import campaign_render, message_domain

DELIVERY_MAX_ATTEMPTS = 5
DELIVERY_RETRY_BASE = timedelta(seconds=60)


@transaction.atomic
def deliveries_claim(*, campaign_id: int, limit: int | None = None) -> list[int]:
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


def _delivery_message(
    delivery: Delivery,
    *,
    campaign: Campaign,
    connection: BaseEmailBackend | None,
    headers: Mapping[str, str] | None = None,
) -> EmailMultiAlternatives:
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
            "List-Id": f"{settings.CLUSTER_NAME} <newsletter.{message_domain()}>",
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
    marks: dict[str, bytes]

    @classmethod
    def build(cls, *, campaign: Campaign, language: str) -> "PreparedMail | None":
        marks = {
            "email": secrets.token_hex(32) + "@stand-in.invalid",
            # The token field has a max_length.
            "token": secrets.token_hex(
                Delivery._meta.get_field("token").max_length // 2  # type: ignore[operator]
            ),
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
        # Django's SafeMIME messages take `linesep`; django-stubs types them as a plain Message.
        raw = message.message().as_bytes(linesep="\r\n")  # type: ignore[call-arg]
        head, blank, body = raw.partition(b"\r\n\r\n")
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
    def fits(delivery: Delivery) -> bool:
        return bool(
            _PLAIN_ADDRESS.fullmatch(delivery.email)
            and _PLAIN_VALUE.fullmatch(delivery.token)
            and _PLAIN_VALUE.fullmatch(delivery.message_id)
        )

    def content_for(self, delivery: Delivery) -> bytes:
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

    def __init__(self) -> None:
        self._campaigns: dict[int, Campaign] = {}
        self._prepared: dict[tuple[int, str], PreparedMail | None] = {}

    def campaign(self, campaign_id: int) -> Campaign:
        if campaign_id not in self._campaigns:
            self._campaigns[campaign_id] = Campaign.objects.get(pk=campaign_id)
        return self._campaigns[campaign_id]

    def prepared(self, campaign: Campaign, language: str) -> PreparedMail | None:
        key = (campaign.pk, language)
        if key not in self._prepared:
            self._prepared[key] = PreparedMail.build(campaign=campaign, language=language)
        return self._prepared[key]


def _delivery_send(
    delivery: Delivery, *, connection: BaseEmailBackend, mails: CampaignMails
) -> None:
    campaign = mails.campaign(delivery.campaign_id)
    prepared = mails.prepared(campaign, delivery.language)
    if prepared is None or not isinstance(connection, SMTPBackend) or not prepared.fits(delivery):
        _delivery_message(delivery, campaign=campaign, connection=connection).send()
        return
    if connection.connection is None:
        connection.open()
    # open() has connected it.
    connection.connection.sendmail(  # type: ignore[union-attr]
        prepared.envelope_from, [delivery.email], prepared.content_for(delivery)
    )


def _delivery_failed(delivery: Delivery, error: Exception) -> None:
    now = timezone.now()
    final = delivery.attempts >= DELIVERY_MAX_ATTEMPTS
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.FAILED if final else Delivery.Status.QUEUED,
        next_attempt_at=now + DELIVERY_RETRY_BASE * 2 ** (delivery.attempts - 1),
        last_error=str(error)[:2000],
    )


@contextmanager
def _commits_unflushed() -> Iterator[None]:
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


def deliveries_send(*, delivery_ids: Iterable[int], mails: CampaignMails | None = None) -> None:
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


def campaign_finish_if_done(*, campaign_id: int) -> bool:
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


def campaign_next_retry(*, campaign_id: int) -> datetime.datetime | None:
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
