"""Adapt allauth to the portal: sign-up only when allowed, mail through the outbox, and one
answer (429) to a locked-out login."""

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.db import transaction
from django.utils import translation

from core.models import OutboundEmail
from core.tasks import email_send

from .views import lockout_page


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

    def validation_error(self, code, *args):
        """Refuse a login held back by allauth's rate limits as axes refuses one: 429, one page.

        allauth puts "too many login attempts" on the form, answered 200, whether the password,
        the authenticator code or re-authentication was tried too often; axes answers 429. Every
        one of those refusals asks for this message, so here it becomes the lockout page.
        """
        request = context.request
        if code == "too_many_login_attempts" and request is not None:
            # allauth's own parser: the page tells the wait allauth's limits hold.
            rates = parse_rates(account_settings.RATE_LIMITS.get("login_failed"))
            wait = max((rate.duration for rate in rates), default=60)
            raise ImmediateHttpResponse(lockout_page(request, wait=wait))
        return super().validation_error(code, *args)
