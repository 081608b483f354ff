"""A cache of public pages for visitors who are certainly anonymous, invalidated by any change.

A request without a session cookie and without a messages cookie cannot belong to a logged-in user
and cannot carry a flash message, so every such visitor of a public page sees the same HTML except
for the CSRF token. The middleware stores that HTML in the default cache with the token replaced by
a placeholder, and on a hit puts in the visitor's own token, which also sets their CSRF cookie (the
middleware sits after `CsrfViewMiddleware`, so the cookie goes out on the way back).

Invalidation is by a content version: every save, delete or many-to-many change of a model of the
portal's own apps (and every `audit_log` call once its transaction commits, which catches
`QuerySet.update()` and raw SQL writes) sets the version to the current time, and an entry stored
under an older version is never served. For
`PAGE_CACHE_QUIET_SECONDS` after a change nothing is stored, because a page rendered then may come
from a transaction's snapshot taken before the change was committed. Changes driven by the clock
alone (an event becoming past, a scheduled article's time coming) show within
`PAGE_CACHE_SECONDS`, the longest an entry lives. When the cache is unreachable, pages are simply
rendered.
"""

import functools
import hashlib
import logging
import re
import secrets
import time
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
CSRF_PLACEHOLDER = "\x00csrf-token\x00"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')

# Sections the kernel itself never caches; each app adds its own (`page_cache_private_paths`).
KERNEL_PRIVATE_PATHS = ("healthz", "admin/")


@functools.cache
def _rules():
    """Return what the apps declare on their AppConfig: the models whose changes show on public
    pages (`page_cache_watched`, less `page_cache_ignored_models`) and the URL sections that are
    personal, private or part of a flow (`page_cache_private_paths`, after the language prefix)."""
    watched, ignored, private = set(), set(), list(KERNEL_PRIVATE_PATHS)
    for config in apps.get_app_configs():
        if getattr(config, "page_cache_watched", False):
            watched.add(config.label)
            ignored |= {f"{config.label}.{name}" for name in config.page_cache_ignored_models}
        private.extend(getattr(config, "page_cache_private_paths", ()))
    return frozenset(watched), frozenset(ignored), tuple(private)


def page_key(url):
    """The cache key of a page by its absolute URL, hashed so that any query string makes a key.

    The scheme and host are part of it: a page carries absolute links to the host it was asked
    for (its canonical link, its feed), so a page asked for under one allowed host name must not
    be served to the visitors of another.
    """
    return "page-cache:page:" + hashlib.sha256(url.encode()).hexdigest()


def page_cache_exempt(view):
    """Mark a view whose pages must never be served from the page cache."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.page_cache_exempt = True
    return wrapped


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 60)


def _quiet_seconds():
    return getattr(settings, "PAGE_CACHE_QUIET_SECONDS", 10)


def content_changed():
    """Make every stored page stale at once."""
    try:
        # The time of the change is the version: any two changes give different versions, and
        # the middleware can tell how long ago the last one was.
        cache.set(VERSION_KEY, time.time(), timeout=None)
    except Exception:  # noqa: BLE001 - the write must not fail because the cache is down
        logger.warning("The page cache could not be invalidated", exc_info=True)


def settled_content_version(store=None):
    """Return the content version if no change is recent enough to be uncommitted, else None.

    Fragments of pages may be cached under this version: like whole pages, they are stored only
    once the last change has surely committed, and a later change leaves them unread. `store` is
    the cache to read it from (the fragment tag passes its own), by default the page cache's.
    """
    try:
        version = (cache if store is None else store).get(VERSION_KEY, 0)
    except Exception:  # noqa: BLE001 - without the cache, fragments are simply rendered
        logger.warning("The page cache is unreachable", exc_info=True)
        return None
    if time.time() - version < _quiet_seconds():
        return None
    return f"{version:.6f}"


MISSING = object()


def versioned_get(key, store=None):
    """Return what is kept under a key naming a content version, or MISSING.

    This process keeps in its memory (the `local` cache) what it read from the shared cache or
    stored there: a key names the version it was stored under and every request reads the current
    version first, so a kept value is never stale, and a page's fragments cost no round trip.
    `store` is the shared cache, as for `settled_content_version`.
    """
    local = caches["local"]
    value = local.get(key, MISSING)
    if value is MISSING:
        value = (cache if store is None else store).get(key, MISSING)
        if value is not MISSING:
            local.set(key, value, _seconds())
    return value


def versioned_set(key, value, store=None):
    """Keep `value` under a key naming a content version, shared and in this process's memory."""
    (cache if store is None else store).set(key, value, _seconds())
    caches["local"].set(key, value, _seconds())


def cached_while_unchanged(key, compute):
    """Return `compute()`, kept in the cache until the content next changes.

    What `compute` raises (a lookup that finds nothing) reaches the caller and is not stored.
    """
    version = settled_content_version()
    if version is None:
        return compute()
    key = f"content:{key}:{version}"
    try:
        value = versioned_get(key)
    except Exception:  # noqa: BLE001 - without the cache the value is simply computed
        logger.warning("The page cache is unreachable", exc_info=True)
        return compute()
    if value is MISSING:
        value = compute()
        try:
            versioned_set(key, value)
        except Exception:  # noqa: BLE001
            logger.warning("The page cache is unreachable", exc_info=True)
    return value


def _on_model_change(sender, **kwargs):
    meta = sender._meta
    watched, ignored, _private = _rules()
    if meta.app_label not in watched or meta.label_lower in ignored:
        return
    if kwargs.get("update_fields") is not None and set(kwargs["update_fields"]) == {"last_login"}:
        return
    content_changed()


post_save.connect(_on_model_change, dispatch_uid="page_cache_post_save")
post_delete.connect(_on_model_change, dispatch_uid="page_cache_post_delete")
m2m_changed.connect(_on_model_change, dispatch_uid="page_cache_m2m_changed")


def _section(path):
    """Return the path without its language prefix: '/pl/news/x/' -> 'news/x/'."""
    parts = path.lstrip("/").split("/", 1)
    if parts[0] in {code for code, _name in settings.LANGUAGES}:
        return parts[1] if len(parts) > 1 else ""
    return path.lstrip("/")


def _is_candidate(request):
    """Whether a stored page may answer the request; the others skip the cache altogether."""
    if request.method not in {"GET", "HEAD"}:
        return False
    if (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    ):
        return False
    return not _section(request.path).startswith(_rules()[2])


# Addresses whose view answered with something that is never stored whatever the content (not
# HTML, streamed, or a view marked exempt), until when: they skip the cache lookup as well. Kept
# per process, for as long as a stored page may live, and bounded.
_NEVER_STORED: dict[str, float] = {}
_NEVER_STORED_LIMIT = 1024


def _known_never_stored(key):
    until = _NEVER_STORED.get(key)
    if until is None:
        return False
    if until > time.monotonic():
        return True
    _NEVER_STORED.pop(key, None)
    return False


def _remember_never_stored(key):
    if len(_NEVER_STORED) >= _NEVER_STORED_LIMIT:
        _NEVER_STORED.clear()
    _NEVER_STORED[key] = time.monotonic() + _seconds()


def forget_process_memos():
    """Drop what this process remembers beside the cache (tests start each from nothing)."""
    _NEVER_STORED.clear()
    caches["local"].clear()


_CSRF_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# Random bytes become characters by their value modulo the alphabet's size; bytes at or above the
# last whole multiple of it are dropped, so every character is equally likely.
_CSRF_BYTE_LIMIT = 256 - 256 % len(CSRF_ALLOWED_CHARS)
_CSRF_TABLE = bytes(ord(CSRF_ALLOWED_CHARS[byte % len(CSRF_ALLOWED_CHARS)]) for byte in range(256))
_CSRF_DROPPED = bytes(range(_CSRF_BYTE_LIMIT, 256))


def _csrf_string():
    """A random string of CSRF_SECRET_LENGTH characters, as Django's CSRF middleware draws them.

    Django draws each character with its own `secrets.choice` call, 64 calls for a cookie and its
    masked token: on a page served from the cache that was the largest single cost. One read of
    the system's random source, mapped by a table, gives the same distribution.
    """
    drawn = b""
    while len(drawn) < CSRF_SECRET_LENGTH:
        drawn += secrets.token_bytes(CSRF_SECRET_LENGTH + 8).translate(_CSRF_TABLE, _CSRF_DROPPED)
    return drawn[:CSRF_SECRET_LENGTH].decode("ascii")


def visitor_csrf_token(request):
    """Return a masked CSRF token for the request, as `django.middleware.csrf.get_token` does.

    The secret comes from the visitor's cookie (read by `CsrfViewMiddleware`, above the page
    cache) or is new; either way the middleware sends the cookie with the response. The token is
    the secret masked with a fresh random mask, so it differs on every page (BREACH).
    """
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = _csrf_string()
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _csrf_string()
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CSRF_INDEX[s] + _CSRF_INDEX[m]) % size]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


class AnonymousPageCacheMiddleware:
    """Serve and store public HTML pages for visitors without a session; see the module doc."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_candidate(request):
            return self.get_response(request)
        # build_absolute_uri() validates the host against ALLOWED_HOSTS before any lookup.
        key = page_key(request.build_absolute_uri())
        if _known_never_stored(key):
            return self.get_response(request)
        try:
            found = cache.get_many([VERSION_KEY, key])
        except Exception:  # noqa: BLE001 - without the cache the page is rendered as usual
            logger.warning("The page cache is unreachable", exc_info=True)
            return self.get_response(request)
        version = found.get(VERSION_KEY, 0)
        entry = found.get(key)
        if entry is not None and entry["version"] == version:
            return self._replay(request, entry)
        response = self.get_response(request)
        quiet = time.time() - version >= _quiet_seconds()
        # A HEAD is answered from a stored GET, but never stored: the server drops its body, and
        # a layer that dropped it earlier would leave an empty page behind.
        if self._never_storable(request, response):
            _remember_never_stored(key)
        elif request.method == "GET" and quiet and self._storable(request, response):
            body = _CSRF_INPUT.sub(
                rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode(response.charset)
            )
            headers = {
                name: value for name, value in response.items() if name.lower() != "content-length"
            }
            try:
                cache.set(key, {"version": version, "body": body, "headers": headers}, _seconds())
            except Exception:  # noqa: BLE001
                logger.warning("The page cache is unreachable", exc_info=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "page_cache_exempt", False):
            request.page_cache_exempt = True

    @staticmethod
    def _replay(request, entry):
        body = entry["body"]
        if CSRF_PLACEHOLDER in body:
            body = body.replace(CSRF_PLACEHOLDER, visitor_csrf_token(request))
        response = HttpResponse(body)
        for name, value in entry["headers"].items():
            response[name] = value
        return response

    @staticmethod
    def _never_storable(request, response):
        """Whether the address's answer is of a kind never stored, whatever the content says."""
        return (
            getattr(request, "page_cache_exempt", False)
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
        )

    @staticmethod
    def _storable(request, response):
        if getattr(request, "page_cache_exempt", False) or response.status_code != 200:
            return False
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-store", "no-cache")):
            return False
        # A cookie, a CSP nonce, a changed session or a queued message belong to this visitor only.
        if response.cookies or isinstance(getattr(request, "_csp_nonce", None), str):
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        storage = getattr(request, "_messages", None)
        return not (storage is not None and getattr(storage, "_queued_messages", None))
