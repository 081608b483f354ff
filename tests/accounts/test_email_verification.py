"""E-mail verification is mandatory: an unverified address cannot log in, a link verifies it."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_in(client, django_capture_on_commit_callbacks):
    """Post the login form; mail queued on commit is sent, as after a real request."""

    def post(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/en/accounts/login/", {"login": email, "password": "correct-horse-battery"}
            )

    return post


def test_an_unverified_address_gets_a_verification_mail_instead_of_a_session(client, log_in):
    user = UserFactory(email="new.member@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    response = log_in(user.email)

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    [message] = mail.outbox
    assert message.to == [user.email]


def test_following_the_verification_link_verifies_the_address_and_logs_in(client, log_in):
    user = UserFactory(email="new.member@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    log_in(user.email)
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    client.get(f"/{path}")
    response = client.post(f"/{path}")

    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)
