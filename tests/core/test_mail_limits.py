"""Limits on the mail visitors' forms send to a typed address (core/mail_limits.py, issue 12)."""

import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import RequestFactory

from core.mail_limits import MailLimitReached, rates, reserve


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.MAIL_TO_ADDRESS_RATE_LIMIT = "3/h"
    settings.MAIL_FROM_CLIENT_RATE_LIMIT = "5/h"
    if settings.REDIS_URL:
        # Where the environment has Redis, the limits are checked on it, as in production.
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": settings.REDIS_URL,
                "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            }
        }
    yield
    cache.clear()


def _post(ip="203.0.113.7", **headers):
    return RequestFactory().post("/en/newsletter/", REMOTE_ADDR=ip, **headers)


def _sent(request, to):
    """Reserve a mail as a form does; return whether it may go."""
    try:
        with reserve(request, to=to):
            pass
    except MailLimitReached:
        return False
    return True


def test_it_allows_three_mails_to_an_address_and_refuses_the_fourth_from_any_client():
    answers = [_sent(_post(ip=f"203.0.113.{number}"), "anna@example.com") for number in range(4)]

    assert answers == [True, True, True, False]
    assert _sent(_post(ip="203.0.113.9"), "ben@example.com")


def test_an_address_counts_as_one_whatever_its_case_and_spaces():
    for address in ("anna@example.com", "Anna@Example.com", " ANNA@example.com "):
        assert _sent(_post(), address)

    assert not _sent(_post(ip="198.51.100.1"), "anna@example.com")


def test_it_refuses_a_client_past_its_limit_whatever_the_address():
    answers = [_sent(_post(), f"person-{number}@example.com") for number in range(6)]

    assert answers == [True] * 5 + [False]
    assert _sent(_post(ip="198.51.100.1"), "person-5@example.com")


def test_the_client_is_the_one_the_trusted_proxy_names(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def via_proxy(client):
        return _post(ip="10.0.0.1", HTTP_X_FORWARDED_FOR=client)

    for number in range(5):
        assert _sent(via_proxy("198.51.100.1"), f"person-{number}@example.com")

    assert not _sent(via_proxy("198.51.100.1"), "another@example.com")
    # Another client behind the same proxy has its own allowance; a forged first hop changes
    # nothing, since only the hop the proxy appended counts.
    assert _sent(via_proxy("198.51.100.2"), "another@example.com")
    assert not _sent(via_proxy("192.0.2.66, 198.51.100.1"), "third@example.com")


def test_an_ipv6_client_is_counted_by_its_network():
    for number in range(5):
        assert _sent(_post(ip=f"2001:db8::{number + 1}"), f"person-{number}@example.com")

    assert not _sent(_post(ip="2001:db8::ffff"), "another@example.com")


def test_a_request_refused_for_another_reason_gives_its_reservation_back():
    for _attempt in range(6):
        with pytest.raises(ValidationError), reserve(_post(), to="anna@example.com"):
            raise ValidationError("The event is full.")

    assert [_sent(_post(), "anna@example.com") for _number in range(4)] == [True] * 3 + [False]


def test_a_client_past_its_limit_does_not_use_up_the_address_allowance():
    for number in range(5):
        assert _sent(_post(), f"person-{number}@example.com")
    for _attempt in range(3):
        assert not _sent(_post(), "anna@example.com")

    assert [_sent(_post(ip="198.51.100.1"), "anna@example.com") for _n in range(3)] == [True] * 3


def test_the_refusal_is_a_validation_error_with_a_translated_message():
    for _number in range(3):
        _sent(_post(), "anna@example.com")

    with pytest.raises(MailLimitReached) as refused, reserve(_post(), to="anna@example.com"):
        pass

    assert isinstance(refused.value, ValidationError)
    assert refused.value.code == "mail_limit"
    assert "Too many e-mails have been requested" in refused.value.message


def test_an_empty_limit_is_off(settings):
    settings.MAIL_TO_ADDRESS_RATE_LIMIT = ""
    settings.MAIL_FROM_CLIENT_RATE_LIMIT = ""

    assert all(_sent(_post(), "anna@example.com") for _number in range(30))


@pytest.mark.parametrize("value", ["3", "three/h", "3/h/ip", "0/h", "3/w", "-1/h"])
def test_an_unreadable_limit_is_refused_naming_the_setting(settings, value):
    settings.MAIL_FROM_CLIENT_RATE_LIMIT = value

    with pytest.raises(ImproperlyConfigured, match="MAIL_FROM_CLIENT_RATE_LIMIT"):
        rates()
    with pytest.raises(ImproperlyConfigured), reserve(_post(), to="anna@example.com"):
        pass


def test_the_defaults_are_three_per_address_and_twenty_per_client_an_hour():
    from cluster_portal.settings import base

    assert (base.MAIL_TO_ADDRESS_RATE_LIMIT, base.MAIL_FROM_CLIENT_RATE_LIMIT) == ("3/h", "20/h")
