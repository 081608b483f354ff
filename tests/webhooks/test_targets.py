"""Webhooks go only to public hosts: the portal cannot be pointed at its own network."""

import pytest
from django.core.exceptions import ValidationError

from webhooks import transport


@pytest.fixture(autouse=True)
def production_rules(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://172.16.0.9/hook",
        "https://192.168.1.20/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[fd00::1]/hook",
        "https://0.0.0.0/hook",
        "https://100.64.0.1/hook",
        "https://224.0.0.1/hook",
    ],
)
def test_it_refuses_addresses_that_are_not_public(url):
    with pytest.raises(ValidationError) as refusal:
        transport.target_resolve(url)
    assert refusal.value.code == "private"


@pytest.mark.parametrize(
    "url, code",
    [
        ("http://93.184.216.34/hook", "scheme"),
        ("ftp://93.184.216.34/hook", "scheme"),
        ("https://user:secret@93.184.216.34/hook", "userinfo"),
        ("https://93.184.216.34:99999/hook", "port"),
        ("https://no-such-host.invalid/hook", "dns"),
    ],
)
def test_it_refuses_other_addresses_with_a_reason(url, code):
    with pytest.raises(ValidationError) as refusal:
        transport.target_resolve(url)
    assert refusal.value.code == code


def test_it_accepts_a_public_https_address_and_connects_to_the_address_it_checked():
    target = transport.target_resolve("https://93.184.216.34:8443/hooks/in?source=portal")
    assert target == transport.Target(
        "https", "93.184.216.34", 8443, "/hooks/in?source=portal", "93.184.216.34"
    )


def test_a_refused_target_is_not_posted_to_and_the_reason_is_the_answer():
    answer = transport.post(
        url="https://10.0.0.1/hook",
        secret="s",
        message_id="m",
        kind="ping",
        body=b"{}",
        timeout=1,
    )
    assert answer.status_code is None
    assert "public" in answer.error


def test_the_signature_is_the_hmac_of_id_timestamp_and_body():
    # printf 'msg_1.1700000000.{"a":1}' | openssl dgst -sha256 -hmac key
    assert (
        transport.signature(secret="key", message_id="msg_1", timestamp=1700000000, body=b'{"a":1}')
        == "v1=29282fd124a05b31b92cf9e6f6d7d62517c1956a80a87cfe3a539b82ca508bf8"
    )
