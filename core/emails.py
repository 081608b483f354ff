"""Render e-mails in the recipient's language and queue them in the outbox.

An e-mail is a template triplet under templates/emails/: `<name>_subject.txt`, `<name>.txt` and
`<name>.html`. Queuing writes an OutboundEmail row and schedules its sending after the transaction
commits, so a rolled-back change sends nothing.
"""

import base64

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import OutboundEmail


def render_email(*, template, context, language):
    """Return (subject, text, html) for a template triplet rendered in `language`."""
    context = {"cluster_name": settings.CLUSTER_NAME, "site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return " ".join(subject.split()), text, html


def email_queue(*, to, template, context, language=None, headers=None, attachments=()):
    """Render an e-mail for one recipient and send it by a Celery task once the transaction commits.

    `attachments` is a sequence of (filename, bytes, mimetype).
    """
    from .tasks import email_send

    language = language or settings.LANGUAGE_CODE
    subject, text, html = render_email(template=template, context=context, language=language)
    outbound = OutboundEmail.objects.create(
        to=to,
        language=language,
        template=template,
        subject=subject,
        body_text=text,
        body_html=html,
        headers=headers or {},
        attachments=[
            {
                "filename": filename,
                "content": base64.b64encode(content).decode("ascii"),
                "mimetype": mimetype,
            }
            for filename, content, mimetype in attachments
        ],
    )
    transaction.on_commit(lambda: email_send.delay(outbound.pk))
    return outbound
