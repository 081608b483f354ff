"""Every status transition of an agreement, each following from a recorded fact."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agreements import services, tasks
from agreements.models import Agreement, AgreementParty
from core.models import AuditEntry

from .factories import make_agreement, sign_every_party

pytestmark = pytest.mark.django_db

Status = Agreement.Status
Signature = AgreementParty.Signature
TODAY = datetime.date(2026, 5, 10)


def _status(agreement):
    return Agreement.objects.get(pk=agreement.pk).status


def _status_changes(agreement):
    return [
        tuple(entry.changes["status"])
        for entry in AuditEntry.objects.filter(
            target_id=str(agreement.pk), action="agreement.status_changed"
        ).order_by("id")
    ]


def test_a_new_agreement_is_a_draft_with_the_cluster_and_its_partners_as_parties(partners):
    agreement = make_agreement(partners=partners)

    assert agreement.status == Status.DRAFT
    parties = list(agreement.parties.all())
    assert [party.partner for party in parties] == [None, *partners]
    assert {party.signature for party in parties} == {Signature.PENDING}


def test_starting_negotiation_moves_a_draft_into_negotiation():
    agreement = make_agreement()

    services.agreement_negotiation_start(agreement=agreement, actor=None)

    assert _status(agreement) == Status.IN_NEGOTIATION
    assert _status_changes(agreement) == [(Status.DRAFT, Status.IN_NEGOTIATION)]


def test_sending_for_signature_moves_it_to_awaiting_signatures():
    agreement = make_agreement(status=Status.IN_NEGOTIATION)

    services.agreement_send_for_signature(agreement=agreement, actor=None)

    assert _status(agreement) == Status.AWAITING_SIGNATURES


def test_a_draft_can_go_straight_to_signature_and_negotiation_is_dated_the_same_day():
    agreement = make_agreement()

    services.agreement_send_for_signature(agreement=agreement, actor=None, on=TODAY)

    agreement.refresh_from_db()
    assert agreement.status == Status.AWAITING_SIGNATURES
    assert agreement.negotiation_started_on == agreement.sent_for_signature_on == TODAY


def test_an_agreement_without_partners_cannot_be_sent_for_signature():
    agreement = make_agreement(partners=[])

    with pytest.raises(ValidationError, match="at least one partner"):
        services.agreement_send_for_signature(agreement=agreement, actor=None)
    assert _status(agreement) == Status.DRAFT


def test_it_comes_into_force_with_the_last_signature_and_not_before(partners):
    agreement = make_agreement(status=Status.AWAITING_SIGNATURES, partners=partners)
    parties = list(agreement.parties.order_by("order"))

    for party in parties[:-1]:
        services.party_signature_record(
            party=party, actor=None, signature=Signature.SIGNED, on=TODAY, signatory_name="X"
        )
        assert _status(agreement) == Status.AWAITING_SIGNATURES
    services.party_signature_record(
        party=parties[-1], actor=None, signature=Signature.SIGNED, on=TODAY, signatory_name="Y"
    )

    agreement.refresh_from_db()
    assert agreement.status == Status.IN_FORCE
    assert agreement.signed_on == TODAY
    assert _status_changes(agreement)[-1] == (Status.AWAITING_SIGNATURES, Status.IN_FORCE)


def test_a_declined_signature_keeps_it_out_of_force():
    agreement = make_agreement(status=Status.AWAITING_SIGNATURES)
    own, partner = agreement.parties.order_by("order")

    services.party_signature_record(
        party=own, actor=None, signature=Signature.SIGNED, on=TODAY, signatory_name="A"
    )
    services.party_signature_record(
        party=partner, actor=None, signature=Signature.DECLINED, on=TODAY
    )

    assert _status(agreement) == Status.AWAITING_SIGNATURES


def test_going_back_to_negotiation_lets_the_signatures_lapse():
    agreement = make_agreement(status=Status.AWAITING_SIGNATURES)
    own = agreement.parties.get(partner__isnull=True)
    services.party_signature_record(
        party=own, actor=None, signature=Signature.SIGNED, on=TODAY, signatory_name="A"
    )

    services.agreement_negotiation_reopen(agreement=agreement, actor=None)

    assert _status(agreement) == Status.IN_NEGOTIATION
    assert set(agreement.parties.values_list("signature", "signature_date")) == {
        (Signature.PENDING, None)
    }


def test_signatures_are_refused_before_the_agreement_is_sent_for_signature():
    agreement = make_agreement(status=Status.IN_NEGOTIATION)
    party = agreement.parties.first()

    with pytest.raises(ValidationError, match="sent for signature"):
        services.party_signature_record(
            party=party, actor=None, signature=Signature.SIGNED, on=TODAY, signatory_name="A"
        )
    assert agreement.parties.filter(signature=Signature.SIGNED).count() == 0


def test_a_signature_needs_a_date_and_a_signatory_and_cannot_be_in_the_future():
    agreement = make_agreement(status=Status.AWAITING_SIGNATURES)
    party = agreement.parties.first()

    with pytest.raises(ValidationError) as no_date:
        services.party_signature_record(
            party=party, actor=None, signature=Signature.SIGNED, on=None, signatory_name="A"
        )
    with pytest.raises(ValidationError) as no_signatory:
        services.party_signature_record(
            party=party, actor=None, signature=Signature.SIGNED, on=TODAY, signatory_name=""
        )
    with pytest.raises(ValidationError) as future:
        services.party_signature_record(
            party=party,
            actor=None,
            signature=Signature.SIGNED,
            on=timezone.localdate() + datetime.timedelta(days=1),
            signatory_name="A",
        )

    assert set(no_date.value.message_dict) == {"on"}
    assert set(no_signatory.value.message_dict) == {"signatory_name"}
    assert set(future.value.message_dict) == {"on"}


@pytest.mark.parametrize(
    "status",
    [Status.DRAFT, Status.IN_NEGOTIATION, Status.AWAITING_SIGNATURES, Status.IN_FORCE],
)
def test_it_can_be_terminated_from_any_status_that_is_not_final(status):
    agreement = make_agreement(status=status)

    services.agreement_terminate(agreement=agreement, actor=None, on=TODAY, reason="Rozwiązane.")

    agreement.refresh_from_db()
    assert agreement.status == Status.TERMINATED
    assert agreement.terminated_on == TODAY
    entry = AuditEntry.objects.get(target_id=str(agreement.pk), action="agreement.terminated")
    assert entry.changes["status"] == [status, Status.TERMINATED]


def test_termination_needs_a_reason_and_a_terminated_agreement_stays_terminated():
    agreement = make_agreement(status=Status.IN_FORCE)

    with pytest.raises(ValidationError) as no_reason:
        services.agreement_terminate(agreement=agreement, actor=None, on=TODAY, reason=" ")
    assert set(no_reason.value.message_dict) == {"reason"}

    services.agreement_terminate(agreement=agreement, actor=None, on=TODAY, reason="Koniec.")
    with pytest.raises(ValidationError):
        services.agreement_terminate(agreement=agreement, actor=None, on=TODAY, reason="Znowu.")
    with pytest.raises(ValidationError):
        services.agreement_update(agreement=agreement, actor=None, data={"signed_place": "X"})


def test_status_from_facts_reads_the_recorded_facts():
    facts = Agreement(valid_until=datetime.date(2026, 5, 9))
    signed = [Signature.SIGNED, Signature.SIGNED]
    derive = services.status_from_facts

    assert derive(agreement=facts, signatures=signed, today=TODAY) == Status.DRAFT
    facts.negotiation_started_on = TODAY
    assert derive(agreement=facts, signatures=signed, today=TODAY) == Status.IN_NEGOTIATION
    facts.sent_for_signature_on = TODAY
    assert derive(
        agreement=facts, signatures=[Signature.SIGNED, Signature.PENDING], today=TODAY
    ) == (Status.AWAITING_SIGNATURES)
    assert derive(agreement=facts, signatures=signed, today=datetime.date(2026, 5, 9)) == (
        Status.IN_FORCE
    )
    assert derive(agreement=facts, signatures=signed, today=TODAY) == Status.EXPIRED
    facts.terminated_on = TODAY
    assert derive(agreement=facts, signatures=signed, today=TODAY) == Status.TERMINATED


# --- Expiry by the periodic task ----------------------------------------------------------------


@pytest.fixture
def signed_in_the_past(monkeypatch):
    """Build an agreement in force as it was signed 100 days before its end date."""

    def build(valid_until, **fields):
        signing_day = valid_until - datetime.timedelta(days=100)
        with monkeypatch.context() as patch:
            patch.setattr(timezone, "localdate", lambda *args, **kwargs: signing_day)
            return make_agreement(status=Status.IN_FORCE, valid_until=valid_until, **fields)

    return build


def test_the_periodic_task_expires_what_ended_and_a_second_run_changes_nothing(
    django_assert_num_queries, signed_in_the_past
):
    today = timezone.localdate()
    ended = signed_in_the_past(today - datetime.timedelta(days=1))
    assert ended.status == Status.IN_FORCE
    ends_today = make_agreement(status=Status.IN_FORCE, valid_until=today)
    open_ended = make_agreement(status=Status.IN_FORCE, valid_until=None)
    # Still awaiting signatures: its end date passing does not make it "expired".
    unsigned = make_agreement(
        status=Status.AWAITING_SIGNATURES,
        valid_from=today - datetime.timedelta(days=30),
        valid_until=today - datetime.timedelta(days=1),
    )

    assert tasks.agreements_expire.delay().get() == 1

    assert _status(ended) == Status.EXPIRED
    assert _status(ends_today) == Status.IN_FORCE
    assert _status(open_ended) == Status.IN_FORCE
    assert _status(unsigned) == Status.AWAITING_SIGNATURES
    assert _status_changes(ended)[-1] == (Status.IN_FORCE, Status.EXPIRED)
    audit_rows = AuditEntry.objects.count()
    updated_at = Agreement.objects.get(pk=ended.pk).updated_at

    with django_assert_num_queries(1):
        assert tasks.agreements_expire.delay().get() == 0

    assert AuditEntry.objects.count() == audit_rows
    assert Agreement.objects.get(pk=ended.pk).updated_at == updated_at
    assert _status(ended) == Status.EXPIRED


def test_the_expiry_run_the_next_day_expires_what_ended_yesterday():
    today = timezone.localdate()
    agreement = make_agreement(status=Status.IN_FORCE, valid_until=today)

    assert services.agreements_expire(today=today) == 0
    assert services.agreements_expire(today=today + datetime.timedelta(days=1)) == 1
    assert _status(agreement) == Status.EXPIRED


def test_an_expired_agreement_whose_end_date_is_extended_is_in_force_again(signed_in_the_past):
    today = timezone.localdate()
    agreement = signed_in_the_past(today - datetime.timedelta(days=1))
    services.agreements_expire()

    services.agreement_update(
        agreement=agreement,
        actor=None,
        data={"valid_until": today + datetime.timedelta(days=365)},
    )

    assert _status(agreement) == Status.IN_FORCE
    assert _status_changes(agreement)[-2:] == [
        (Status.IN_FORCE, Status.EXPIRED),
        (Status.EXPIRED, Status.IN_FORCE),
    ]


def test_signing_after_the_end_date_leaves_the_agreement_expired():
    today = timezone.localdate()
    agreement = make_agreement(
        status=Status.AWAITING_SIGNATURES,
        valid_from=today - datetime.timedelta(days=10),
        valid_until=today - datetime.timedelta(days=1),
    )

    sign_every_party(agreement, on=today)

    assert _status(agreement) == Status.EXPIRED


# --- Reminders ----------------------------------------------------------------------------------


def test_the_coordinators_are_reminded_once_60_days_before_the_end(coordinator, mailoutbox):
    today = timezone.localdate()
    due = make_agreement(
        status=Status.IN_FORCE,
        valid_until=today + datetime.timedelta(days=60),
        title_en="Business Roaming Agreement",
    )
    make_agreement(status=Status.IN_FORCE, valid_until=today + datetime.timedelta(days=61))
    make_agreement(status=Status.IN_NEGOTIATION, valid_until=today + datetime.timedelta(days=30))
    coordinator.language = "en"
    coordinator.save()

    assert tasks.expiry_reminders_send.delay().get() == 1
    assert tasks.expiry_reminders_send.delay().get() == 0

    from core.models import OutboundEmail

    (email,) = OutboundEmail.objects.filter(template="agreements_expiry_reminder")
    assert email.to == coordinator.email
    assert "Business Roaming Agreement" in email.subject
    assert "in 60 days" in email.body_text
    assert Agreement.objects.get(pk=due.pk).expiry_reminder_sent_at is not None


def test_a_new_end_date_gets_its_own_reminder(coordinator):
    today = timezone.localdate()
    agreement = make_agreement(
        status=Status.IN_FORCE, valid_until=today + datetime.timedelta(days=30)
    )
    assert services.expiry_reminders_send() == 1

    services.agreement_update(
        agreement=agreement, actor=None, data={"valid_until": today + datetime.timedelta(days=50)}
    )

    assert services.expiry_reminders_send() == 1
    assert services.expiry_reminders_send() == 0
