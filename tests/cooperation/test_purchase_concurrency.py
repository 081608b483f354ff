"""Two people of one organisation join a joint purchase at the same moment, on PostgreSQL with
real threads and connections: one commitment is kept, the other person is told, nothing is lost."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from cooperation import services
from cooperation.models import PurchaseCommitment
from core.models import AuditEntry
from tests.factories import PersonFactory, UserFactory, active_member

from .test_purchases import make_purchase

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RUNS = 5
ORGANISATIONS = 8


def _run_together(jobs):
    """Run the callables in threads started at the same moment; return results and errors."""
    start = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), [None] * len(jobs)

    def run(index, job):
        start.wait()
        try:
            results[index] = job()
        except Exception as error:  # collected: the test looks at each
            errors[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def _colleagues(organisation, count):
    users = [UserFactory() for _ in range(count)]
    for user in users:
        PersonFactory(organisation=organisation, user=user, email=user.email)
    return users


def _join(post, user, quantity):
    return lambda: services.commitment_join(
        post=post, actor=user, quantity=Decimal(quantity), note=f"{user.email}"
    )


@pytest.mark.parametrize("run", range(1, RUNS + 1))
def test_two_colleagues_joining_at_once_leave_one_commitment_and_a_clear_message(run):
    organiser = active_member(name=f"Organizator {run}", slug=f"organizator-{run}")
    buyer = active_member(name=f"Kupujący {run}", slug=f"kupujacy-{run}")
    purchase = make_purchase(organiser)
    first, second = _colleagues(buyer, 2)

    results, errors = _run_together([_join(purchase, first, "3"), _join(purchase, second, "5")])

    kept = PurchaseCommitment.objects.get(post=purchase)
    winner = 0 if results[0] is not None else 1
    loser = 1 - winner
    assert results[winner].pk == kept.pk
    assert errors[winner] is None
    assert isinstance(errors[loser], ValidationError)
    assert errors[loser].code == "already_joined"
    assert "already joined" in errors[loser].messages[0]
    # The one kept is exactly what its person sent, and it alone is in the audit trail.
    assert kept.quantity == Decimal(["3", "5"][winner])
    assert kept.person.user == [first, second][winner]
    assert AuditEntry.objects.filter(action="purchase.joined").count() == 1


def test_many_organisations_joining_at_once_are_all_counted():
    organiser = active_member(name="Organizator", slug="organizator")
    purchase = make_purchase(organiser)
    buyers = [
        _colleagues(active_member(name=f"Członek {n}", slug=f"czlonek-{n}"), 2)
        for n in range(ORGANISATIONS)
    ]
    jobs = [_join(purchase, user, "1.5") for pair in buyers for user in pair]

    _results, errors = _run_together(jobs)

    failures = [error for error in errors if error is not None]
    assert len(failures) == ORGANISATIONS
    assert all(getattr(error, "code", None) == "already_joined" for error in failures)
    assert PurchaseCommitment.objects.filter(post=purchase).count() == ORGANISATIONS
    total = sum(PurchaseCommitment.objects.values_list("quantity", flat=True))
    assert total == Decimal("1.5") * ORGANISATIONS
