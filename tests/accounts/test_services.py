"""Invitations: an account by e-mailed link, one working link at a time, expiry."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import tasks
from accounts.models import Invitation, User
from accounts.services import (
    invitation_accept,
    invitation_for_token,
    invitation_send,
    invitations_expire,
)
from core.models import AuditEntry, OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/accounts/invitation/(?P<token>[\w-]+)/")


@pytest.fixture
def invite(coordinator, django_capture_on_commit_callbacks):
    """Invite someone as the coordinator and let the e-mail go out; return the link's token."""

    def send(email="nowa.osoba@example.com", **options):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_send(email=email, invited_by=coordinator, **options)
        message = mail.outbox[-1]
        return invitation, LINK.search(message.body)["token"]

    return send


def test_it_creates_an_account_without_a_usable_password(invite):
    invitation, _token = invite(
        email="  Nowa.Osoba@Example.COM ", first_name="Nowa", last_name="Osoba", language="en"
    )

    user = User.objects.get(email="nowa.osoba@example.com")
    assert invitation.user == user
    assert user.email == "nowa.osoba@example.com"
    assert (user.first_name, user.last_name, user.language) == ("Nowa", "Osoba", "en")
    assert not user.has_usable_password()
    assert not user.is_coordinator


def test_it_leaves_one_pending_invitation_that_expires_after_the_configured_days(invite, settings):
    settings.INVITATION_VALID_DAYS = 3

    invitation, _token = invite()

    assert invitation.status == Invitation.Status.PENDING
    assert invitation.invited_by.email == "coordinator@example.com"
    remaining = invitation.expires_at - timezone.now()
    assert timedelta(days=2, hours=23) < remaining <= timedelta(days=3)


def test_it_emails_a_working_link_in_the_persons_language(invite, client):
    invitation, token = invite(language="en")

    [message] = mail.outbox
    assert message.to == ["nowa.osoba@example.com"]
    assert message.subject
    assert "/en/accounts/invitation/" in message.body
    outbound = OutboundEmail.objects.get()
    assert (outbound.template, outbound.language, outbound.status) == (
        "invitation",
        "en",
        OutboundEmail.Status.SENT,
    )
    assert invitation_for_token(token) == invitation
    assert client.get(f"/en/accounts/invitation/{token}/").status_code == 200


def test_it_stores_only_a_hash_of_the_token(invite):
    invitation, token = invite()

    assert token not in invitation.token_hash
    assert invitation.token_hash == Invitation.hash_token(token)


def test_it_records_who_created_and_invited_the_account(invite, coordinator):
    invite()

    actions = set(AuditEntry.objects.filter(actor=coordinator).values_list("action", flat=True))
    assert {"user.created", "invitation.sent"} <= actions


def test_inviting_again_revokes_the_old_link(invite):
    first, old_token = invite()
    second, new_token = invite()

    first.refresh_from_db()
    assert first.status == Invitation.Status.REVOKED
    assert invitation_for_token(old_token) is None
    assert invitation_for_token(new_token) == second
    assert Invitation.objects.filter(status=Invitation.Status.PENDING).count() == 1
    assert User.objects.filter(email="nowa.osoba@example.com").count() == 1


def test_an_account_with_a_password_is_not_invited(coordinator):
    UserFactory(email="ma.konto@example.com")

    with pytest.raises(ValidationError) as error:
        invitation_send(email="MA.KONTO@example.com", invited_by=coordinator)

    assert error.value.code == "account_exists"
    assert not Invitation.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_it_can_make_the_invited_person_a_coordinator(invite):
    invite(email="biuro@example.com", is_coordinator=True)

    assert User.objects.get(email="biuro@example.com").is_coordinator


def test_reinviting_a_person_as_a_coordinator_promotes_the_waiting_account(invite):
    invite(email="biuro@example.com")
    invite(email="biuro@example.com", is_coordinator=True)

    assert User.objects.get(email="biuro@example.com").is_coordinator


def test_a_rolled_back_invitation_sends_nothing(coordinator, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        invitation_send(email="nowa.osoba@example.com", invited_by=coordinator)
        raise RuntimeError("the surrounding change failed")

    assert mail.outbox == []
    assert not User.objects.filter(email="nowa.osoba@example.com").exists()


# --- Accepting ----------------------------------------------------------------------------------


def test_accepting_sets_the_password_and_verifies_the_address(invite):
    invitation, _token = invite()

    user = invitation_accept(invitation=invitation, password="Nowe-Haslo-2026")

    user.refresh_from_db()
    assert user.check_password("Nowe-Haslo-2026")
    assert user.is_active
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (user.email, True, True)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.accepted_at is not None
    assert AuditEntry.objects.filter(action="invitation.accepted", actor=user).exists()


def test_accepting_makes_the_invited_address_the_only_primary_one(invite):
    invitation, _token = invite()
    EmailAddress.objects.create(
        user=invitation.user, email="stary@example.com", primary=True, verified=False
    )

    invitation_accept(invitation=invitation, password="Nowe-Haslo-2026")

    primary = EmailAddress.objects.filter(user=invitation.user, primary=True)
    assert list(primary.values_list("email", flat=True)) == ["nowa.osoba@example.com"]


def test_a_link_works_only_once(invite):
    invitation, token = invite()
    invitation_accept(invitation=invitation, password="Nowe-Haslo-2026")

    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, password="Inne-Haslo-2026")

    assert error.value.code == "invitation_used"
    assert invitation_for_token(token) is None
    assert User.objects.get(pk=invitation.user_id).check_password("Nowe-Haslo-2026")


def test_an_expired_link_cannot_be_accepted(invite):
    invitation, token = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, password="Nowe-Haslo-2026")

    assert invitation_for_token(token) is None
    assert not User.objects.get(pk=invitation.user_id).has_usable_password()


def test_a_revoked_link_cannot_be_accepted(invite):
    first, _old_token = invite()
    invite()

    with pytest.raises(ValidationError):
        invitation_accept(invitation=first, password="Nowe-Haslo-2026")


def test_an_unknown_token_finds_no_invitation(invite):
    invite()

    assert invitation_for_token("not-a-real-token") is None


# --- Expiry -------------------------------------------------------------------------------------


def test_expiry_marks_only_pending_invitations_whose_time_has_passed(invite):
    stale, _token = invite(email="stara@example.com")
    fresh, _token = invite(email="nowa@example.com")
    used, _token = invite(email="uzyta@example.com")
    invitation_accept(invitation=used, password="Nowe-Haslo-2026")
    past = timezone.now() - timedelta(minutes=1)
    Invitation.objects.filter(pk__in=[stale.pk, used.pk]).update(expires_at=past)

    assert invitations_expire() == 1

    statuses = dict(Invitation.objects.values_list("pk", "status"))
    assert statuses == {
        stale.pk: Invitation.Status.EXPIRED,
        fresh.pk: Invitation.Status.PENDING,
        used.pk: Invitation.Status.ACCEPTED,
    }


def test_the_nightly_task_expires_stale_invitations(invite):
    invitation, _token = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    tasks.invitations_expire.delay()

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.EXPIRED
