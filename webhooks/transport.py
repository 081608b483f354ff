"""Posting a signed delivery to a public address, and nowhere else.

A webhook's address is typed by a coordinator, so without a check it could point the portal at its
own network (the database, the cache, a cloud's metadata service). The host is resolved once, every
address it resolves to must be public, and the connection goes to the address that was checked:
a name that resolves to a public address when checked and a private one a moment later (DNS
rebinding) still reaches only the address checked. Redirects are not followed.
"""

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RESPONSE_EXCERPT_BYTES = 500


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    error: str
    excerpt: str
    duration_ms: int


def _private_allowed() -> bool:
    return bool(settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS)


def _address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def target_resolve(url: str) -> Target:
    """Return where `url` may be posted to; raise a translated ValidationError otherwise."""
    parts = urlsplit(url)
    private_allowed = _private_allowed()
    allowed_schemes = ("https", "http") if private_allowed else ("https",)
    if parts.scheme not in allowed_schemes or not parts.hostname:
        raise ValidationError(_("Give an https:// address."), code="scheme")
    if parts.username or parts.password:
        raise ValidationError(
            _("The address may not contain a user name or password."), code="userinfo"
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ValidationError(_("The address has an invalid port."), code="port") from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise ValidationError(
            _("The host %(host)s could not be found."), params={"host": parts.hostname}, code="dns"
        ) from None
    addresses = [str(info[4][0]) for info in infos]
    if not private_allowed and not all(_address_allowed(address) for address in addresses):
        raise ValidationError(
            _("The host %(host)s is not on the public internet: webhooks go only to public hosts."),
            params={"host": parts.hostname},
            code="private",
        )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, parts.hostname, port, path, addresses[0])


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The Standard Webhooks signature: HMAC-SHA256 of `id.timestamp.body`, in hex, versioned."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the checked address while verifying the certificate for the host name."""

    def __init__(self, target: Target, *, timeout: float):
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(
    *, url: str, secret: str, message_id: str, kind: str, body: bytes, timeout: float
) -> Answer:
    """Post `body` to `url`, signed; never raises for what the network or the receiver does."""
    started = time.monotonic()

    def answer(status_code: int | None = None, error: str = "", excerpt: str = "") -> Answer:
        return Answer(status_code, error[:300], excerpt, int((time.monotonic() - started) * 1000))

    try:
        target = target_resolve(url)
    except ValidationError as refusal:
        return answer(error=" ".join(str(message) for message in refusal.messages))
    timestamp = int(time.time())
    headers = {
        "Host": target.host if target.port in (80, 443) else f"{target.host}:{target.port}",
        "Content-Type": "application/json",
        "User-Agent": "ClusterPortal-Webhooks/1",
        "Webhook-Id": message_id,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": signature(
            secret=secret, message_id=message_id, timestamp=timestamp, body=body
        ),
        "Webhook-Event": kind,
    }
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        connection = _PinnedHTTPSConnection(target, timeout=timeout)
    else:
        connection = http.client.HTTPConnection(target.address, target.port, timeout=timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(RESPONSE_EXCERPT_BYTES).decode("utf-8", "replace")
        return answer(status_code=response.status, excerpt=excerpt)
    except (OSError, http.client.HTTPException) as failure:
        return answer(error=f"{type(failure).__name__}: {failure}")
    finally:
        connection.close()
