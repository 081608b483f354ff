"""The statute's consequence: members in arrears for more than the body's N days have no vote.
Off by default; payments made after the snapshot's date do not change its reasons."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from elections.models import ElectionVoter
from fees import payments
from fees.selectors import organisations_in_arrears
from resolutions import electorate
from resolutions.models import EligibleVoter, GoverningBody
from resolutions.selectors import electorate_left_out_recorded
from tests.elections import factories as election_factories
from tests.factories import active_member
from tests.resolutions.conftest import opened

from .payment_factories import issued_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def assembly(db):
    call_command("seed_governance", stdout=io.StringIO())
    return GoverningBody.objects.get(slug="member-assembly")


@pytest.fixture
def members(db):
    late = active_member(name="Zaległa sp. z o.o.")
    recent = active_member(name="Niedawna sp. z o.o.")
    paying = active_member(name="Płacąca S.A.")
    issued_document(late, gross="1000.00", vat="0.00", due_in=-45, year=2026, sequence=7)
    issued_document(recent, gross="1000.00", vat="0.00", due_in=-10)
    paid = issued_document(paying, gross="1000.00", vat="0.00", due_in=-60)
    payments.payment_record(
        organisation=paying,
        amount=Decimal("1000.00"),
        paid_on=timezone.localdate(),
        actor=None,
        documents=[paid],
    )
    return {"late": late, "recent": recent, "paying": paying}


def _voters(resolution):
    return set(
        EligibleVoter.objects.filter(resolution=resolution).values_list(
            "organisation__name", flat=True
        )
    )


def test_it_is_off_by_default(assembly, members, coordinator):
    assert assembly.arrears_days_without_vote is None

    resolution = opened(assembly, actor=coordinator)

    assert {"Zaległa sp. z o.o.", "Niedawna sp. z o.o.", "Płacąca S.A."} <= _voters(resolution)


def test_members_in_arrears_beyond_the_limit_have_no_vote(assembly, members, coordinator):
    assembly.arrears_days_without_vote = 30
    assembly.save()

    resolution = opened(assembly, actor=coordinator)

    voters = _voters(resolution)
    assert "Zaległa sp. z o.o." not in voters
    assert {"Niedawna sp. z o.o.", "Płacąca S.A."} <= voters
    (left_out,) = electorate_left_out_recorded(resolution)
    assert left_out["name"] == "Zaległa sp. z o.o."
    assert "FV/2026/0007" in left_out["reason"]
    assert "45 days" in left_out["reason"]


def test_a_payment_before_the_vote_restores_the_vote(assembly, members, coordinator):
    assembly.arrears_days_without_vote = 30
    assembly.save()
    payments.payment_record(
        organisation=members["late"],
        amount=Decimal("1000.00"),
        paid_on=timezone.localdate(),
        actor=coordinator,
    )

    resolution = opened(assembly, actor=coordinator)

    assert "Zaległa sp. z o.o." in _voters(resolution)


def test_arrears_are_read_as_the_books_stood_on_the_day(members):
    today = timezone.localdate()
    payments.payment_record(
        organisation=members["late"],
        amount=Decimal("1000.00"),
        paid_on=today,
        actor=None,
    )

    yesterday = organisations_in_arrears(on=today - datetime.timedelta(days=1), days=30)
    now = organisations_in_arrears(on=today, days=30)

    assert members["late"].pk in yesterday
    assert members["late"].pk not in now


def test_the_registry_holds_the_fees_restriction(assembly, members):
    assembly.arrears_days_without_vote = 5

    reasons = electorate.voting_restrictions(assembly, timezone.localdate())

    assert set(reasons) == {members["late"].pk, members["recent"].pk}


def test_the_coordinator_sets_the_limit_on_the_body_form(client_for, coordinator, assembly):
    page = client_for(coordinator).get(f"/en/panel/resolutions/bodies/{assembly.pk}/edit/")

    assert page.status_code == 200
    assert 'name="arrears_days_without_vote"' in page.content.decode()


def test_an_election_leaves_members_in_arrears_out_and_its_pages_say_why(
    assembly, members, coordinator, client_for
):
    assembly.arrears_days_without_vote = 30
    assembly.save()
    election = election_factories.election(
        assembly, actor=coordinator, target="council", title_pl="Wybory Rady"
    )
    election_factories.candidate(election, nominator=coordinator)
    panel = client_for(coordinator)

    before = panel.get(f"/en/panel/elections/{election.pk}/").content.decode()
    election = election_factories.opened(election, actor=coordinator)

    voters = set(
        ElectionVoter.objects.filter(election=election).values_list("organisation__name", flat=True)
    )
    assert "Zaległa sp. z o.o." not in voters
    assert "Niedawna sp. z o.o." in voters
    assert "Zaległa sp. z o.o." in before and "1 member is left out" in before
    after = panel.get(f"/en/panel/elections/{election.pk}/").content.decode()
    assert "1 member was left out of the electorate when the list of voters was fixed" in after
    assert "FV/2026/0007" in after
