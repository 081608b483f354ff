"""How often a visitor's form may send mail to an address the visitor typed.

A form that e-mails whatever address is typed into it (a guest's registration, a newsletter
subscription, an application to join) would let anyone flood anyone's mailbox through the portal.
Each such form reserves its mail first: one per recipient address (`MAIL_TO_ADDRESS_RATE_LIMIT`)
and one per client (`MAIL_FROM_CLIENT_RATE_LIMIT`), counted together over all these forms, since
the mailbox is what is protected, whichever form is used. Past either limit the form is refused
before anything is saved or queued. A reservation is given back when the request is then refused
for another reason, so a mistake does not use up a visitor's allowance.

The counting is allauth's rate limiter (a sliding window kept in the default cache, which is
Redis in production and shared by every process). It takes the client's address from the account
adapter, as `accounts.security.client_ip` does, so it holds behind the trusted proxies
(`DJANGO_TRUSTED_PROXY_COUNT`) and counts an IPv6 client by its /64 network.
"""

import re
from contextlib import contextmanager

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

# The limiter's namespace in the cache keys.
APP = "core.mail"
# (setting, what its count is kept per, in allauth's terms)
LIMITS = (
    ("MAIL_TO_ADDRESS_RATE_LIMIT", "key"),
    ("MAIL_FROM_CLIENT_RATE_LIMIT", "ip"),
)
_RATE = re.compile(r"[1-9]\d*/\d*[smhd]")


class MailLimitReached(ValidationError):
    """A form would send more mail to an address, or from a client, than the limits allow."""

    def __init__(self):
        super().__init__(
            _(
                "Too many e-mails have been requested for this address or from your network "
                "recently, so nothing was sent or saved. Please try again later."
            ),
            code="mail_limit",
        )


def rates():
    """Return {setting: rate} of the limits in force; raise ImproperlyConfigured on a bad one.

    A rate is a count and a period, as allauth writes them: "3/h", "20/30m"; empty turns the
    limit off.
    """
    found = {}
    for setting, _per in LIMITS:
        value = str(getattr(settings, setting, "") or "").strip()
        if value and not _RATE.fullmatch(value):
            raise ImproperlyConfigured(
                f"{setting} must be a count and a period such as 3/h or 20/30m, or empty for "
                f"no limit; it is {value!r}."
            )
        found[setting] = value
    return found


@contextmanager
def reserve(request, *, to):
    """Reserve one mail to the address `to` for this client, or raise MailLimitReached.

    Send (or refuse) inside the block: when the block raises, the reservation is given back.
    """
    in_force = rates()
    reserved = []
    try:
        for setting, per in LIMITS:
            if not in_force[setting]:
                continue
            action = setting.lower()
            usage = ratelimit.consume(
                request,
                app=APP,
                action=action,
                config={action: f"{in_force[setting]}/{per}"},
                key=to.strip().lower() if per == "key" else None,
                limit_get=True,
            )
            if usage is None:
                raise MailLimitReached
            reserved.append(usage)
        yield
    except BaseException:
        for usage in reserved:
            usage.rollback()
        raise
