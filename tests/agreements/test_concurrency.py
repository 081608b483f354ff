"""Concurrent writes on PostgreSQL, with real threads and connections.

Every service locks the agreement's row before its parties, so the last two signatures recorded
at the same moment cannot both miss each other: one waits for the other and then sees every party
signed. Two expiry runs at once expire an agreement once.
"""

import datetime
import threading
import time

import pytest
from django.db import connections
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, AgreementParty
from core.models import AuditEntry

from .factories import PartnerFactory, make_agreement

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Status = Agreement.Status
ROUNDS = 3


def _run_together(jobs):
    start = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        start.wait()
        try:
            job()
        except Exception as error:  # collected: the test asserts there are none
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def _sign(party):
    return lambda: services.party_signature_record(
        party=party,
        actor=None,
        signature=AgreementParty.Signature.SIGNED,
        on=datetime.date(2015, 6, 17),
        signatory_name="Prezes",
    )


def _came_into_force(agreement):
    return AuditEntry.objects.filter(
        action="agreement.status_changed",
        target_id=str(agreement.pk),
        changes__status=[Status.AWAITING_SIGNATURES, Status.IN_FORCE],
    ).count()


@pytest.fixture
def slow_signature_count(monkeypatch):
    """Widen the race: each signature reads the others a moment after writing its own."""
    read = services._signatures

    def slowly(agreement):
        time.sleep(0.2)
        return read(agreement)

    monkeypatch.setattr(services, "_signatures", slowly)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_the_last_two_signatures_at_once_bring_the_agreement_into_force_once(
    round_, slow_signature_count
):
    agreement = make_agreement(
        status=Status.AWAITING_SIGNATURES, partners=[PartnerFactory(), PartnerFactory()]
    )
    first, *last_two = agreement.parties.order_by("order")
    _sign(first)()

    errors = _run_together([_sign(party) for party in last_two])

    assert errors == []
    assert Agreement.objects.get(pk=agreement.pk).status == Status.IN_FORCE
    assert _came_into_force(agreement) == 1


def test_two_expiry_runs_at_once_expire_an_agreement_once(monkeypatch):
    today = timezone.localdate()
    signing_day = today - datetime.timedelta(days=30)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args, **kwargs: signing_day)
        agreements = [
            make_agreement(status=Status.IN_FORCE, valid_until=today - datetime.timedelta(days=1))
            for _number in range(5)
        ]

    errors = _run_together([services.agreements_expire, services.agreements_expire])

    assert errors == []
    for agreement in agreements:
        assert Agreement.objects.get(pk=agreement.pk).status == Status.EXPIRED
    assert AuditEntry.objects.filter(
        action="agreement.status_changed", changes__status=[Status.IN_FORCE, Status.EXPIRED]
    ).count() == len(agreements)
