"""Send queued e-mails. A row is claimed by a conditional update, so it is never sent twice."""

import base64
import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

# A row left in `sending` this long belongs to a worker that died; it is tried again.
STALE_CLAIM = timedelta(minutes=10)


def _claim(outbound_id):
    now = timezone.now()
    claimed = (
        OutboundEmail.objects.filter(pk=outbound_id, status=OutboundEmail.Status.QUEUED)
    ).update(status=OutboundEmail.Status.SENDING, attempts=F("attempts") + 1, updated_at=now)
    if not claimed:
        claimed = OutboundEmail.objects.filter(
            pk=outbound_id,
            status=OutboundEmail.Status.SENDING,
            updated_at__lt=now - STALE_CLAIM,
        ).update(attempts=F("attempts") + 1, updated_at=now)
    return bool(claimed)


def _message_for(outbound):
    message = EmailMultiAlternatives(
        subject=outbound.subject,
        body=outbound.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[outbound.to],
        headers=outbound.headers,
    )
    if outbound.body_html:
        message.attach_alternative(outbound.body_html, "text/html")
    for attachment in outbound.attachments:
        message.attach(
            attachment["filename"],
            base64.b64decode(attachment["content"]),
            attachment["mimetype"],
        )
    return message


@shared_task(bind=True, max_retries=settings.EMAIL_MAX_ATTEMPTS, default_retry_delay=30)
def email_send(self, outbound_id):
    """Send one outbox row; do nothing when another worker has it or it is already final."""
    if not _claim(outbound_id):
        return
    outbound = OutboundEmail.objects.get(pk=outbound_id)
    try:
        _message_for(outbound).send()
    except Exception as error:  # any transport failure is retried, then recorded
        logger.warning("Sending e-mail %s failed: %s", outbound_id, error)
        final = outbound.attempts >= settings.EMAIL_MAX_ATTEMPTS
        OutboundEmail.objects.filter(pk=outbound_id).update(
            status=OutboundEmail.Status.FAILED if final else OutboundEmail.Status.QUEUED,
            last_error=str(error)[:2000],
            updated_at=timezone.now(),
        )
        if not final and not self.request.is_eager:
            raise self.retry(countdown=30 * 2 ** (outbound.attempts - 1)) from error
        return
    OutboundEmail.objects.filter(pk=outbound_id).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), updated_at=timezone.now()
    )


@shared_task
def email_send_pending():
    """Queue every row still waiting, covering tasks lost between commit and broker."""
    cutoff = timezone.now() - timedelta(minutes=1)
    waiting = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.QUEUED, updated_at__lt=cutoff
    ).values_list("pk", flat=True)
    stale = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.SENDING, updated_at__lt=timezone.now() - STALE_CLAIM
    ).values_list("pk", flat=True)
    for outbound_id in [*waiting[:500], *stale[:500]]:
        email_send.delay(outbound_id)
