"""Restrictions other apps register on the electorate of members: left out of the snapshot,
recorded with their reasons, and shown on the vote's pages."""

import pytest

from resolutions import electorate
from resolutions.models import EligibleVoter
from tests.factories import active_member

from .conftest import draft, opened

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(assembly):
    """A member the registered restriction takes the vote from, and one it leaves alone."""
    barred, voting = active_member(name="Zaległa sp. z o.o."), active_member(name="Płaci S.A.")

    def restriction(body, on):
        return {barred.pk: "Zaległa składka."} if body.pk == assembly.pk else {}

    electorate.voting_restrictions_register(restriction)
    yield {"barred": barred, "voting": voting}
    electorate.voting_restrictions_unregister(restriction)


def test_the_snapshot_leaves_a_restricted_member_out_and_records_why(
    assembly, restricted, coordinator
):
    resolution = opened(assembly, actor=coordinator)

    organisations = set(
        EligibleVoter.objects.filter(resolution=resolution).values_list(
            "organisation_id", flat=True
        )
    )
    assert restricted["voting"].pk in organisations
    assert restricted["barred"].pk not in organisations
    from resolutions.selectors import electorate_left_out_recorded

    assert electorate_left_out_recorded(resolution) == [
        {
            "organisation": restricted["barred"].pk,
            "name": "Zaległa sp. z o.o.",
            "reason": "Zaległa składka.",
        }
    ]


def test_the_vote_page_shows_the_coordinator_who_was_left_out_and_why(
    client_for, assembly, restricted, coordinator
):
    resolution = opened(assembly, actor=coordinator)

    page = client_for(coordinator).get(resolution.get_absolute_url()).content.decode()

    assert "Zaległa sp. z o.o." in page
    assert "Zaległa składka." in page


def test_the_open_vote_page_shows_who_would_be_left_out(
    client_for, assembly, restricted, coordinator
):
    resolution = draft(assembly, actor=coordinator)

    response = client_for(coordinator).get(f"/en/resolutions/{resolution.pk}/open/", follow=True)

    assert "Zaległa składka." in response.content.decode()


def test_a_council_vote_is_not_restricted(council_body, restricted, councillors, coordinator):
    assert electorate.electorate_left_out(council_body, on=None) == []


def test_without_a_restriction_everyone_votes(assembly, coordinator):
    member = active_member(name="Wszyscy S.A.")

    resolution = opened(assembly, actor=coordinator)

    assert EligibleVoter.objects.filter(resolution=resolution, organisation=member).exists()
