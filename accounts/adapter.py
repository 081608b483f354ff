"""Adapt allauth to the portal: sign-up only when allowed, mail through the outbox."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.utils import translation

from core.models import OutboundEmail
from core.tasks import email_send


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return settings.ACCOUNT_ALLOW_SIGNUP

    def send_mail(self, template_prefix, email, context):
        """Queue allauth's message in the outbox: a Celery task sends it like every other mail."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        outbound = OutboundEmail.objects.create(
            to=email,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            template=template_prefix,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
        )
        transaction.on_commit(lambda: email_send.delay(outbound.pk))
