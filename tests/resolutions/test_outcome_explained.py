"""The outcome of a vote states the quorum required and reached and the majority rule and result."""

import pytest
from django.utils import translation

from resolutions.models import Majority, MajorityBase, Resolution
from resolutions.rules import outcome_explained


def closed(**fields):
    defaults = {
        "quorum_percent": 50,
        "majority": Majority.SIMPLE,
        "majority_base": MajorityBase.CAST,
        "eligible_count": 7,
        "participant_count": 5,
        "votes_for": 3,
        "votes_against": 1,
        "votes_abstain": 1,
    }
    return Resolution(**{**defaults, **fields})


def rows(resolution):
    with translation.override("en"):
        explained = outcome_explained(resolution)
        return dict(explained.rows), explained.summary


def test_it_states_the_quorum_needed_and_reached_and_the_simple_majority_met():
    values, summary = rows(closed())

    assert values["Quorum required"] == "50% of 7 eligible voters: at least 4"
    assert values["Quorum reached"] == "yes (5 took part)"
    assert values["Majority required"] == "simple majority: more votes for than against"
    assert values["Majority met"] == "yes (3 for, 1 against, 1 abstained)"
    assert summary == (
        "The quorum was reached and the majority was met: the resolution is adopted."
    )


def test_it_says_why_a_vote_without_quorum_is_invalid():
    values, summary = rows(
        closed(participant_count=3, votes_for=3, votes_abstain=0, votes_against=0)
    )

    assert values["Quorum reached"] == "no (3 took part)"
    assert summary == "The quorum was not reached, so the vote is invalid and decides nothing."


@pytest.mark.parametrize(
    ("majority", "base", "expected"),
    [
        (
            Majority.ABSOLUTE,
            MajorityBase.CAST,
            "absolute majority: more than half of 5 votes cast, at least 3 for",
        ),
        (
            Majority.ABSOLUTE,
            MajorityBase.ELIGIBLE,
            "absolute majority: more than half of 7 eligible voters, at least 4 for",
        ),
        (
            Majority.QUALIFIED,
            MajorityBase.CAST,
            "two-thirds majority: two thirds of 5 votes cast, at least 4 for",
        ),
        (
            Majority.QUALIFIED,
            MajorityBase.ELIGIBLE,
            "two-thirds majority: two thirds of 7 eligible voters, at least 5 for",
        ),
    ],
)
def test_the_majority_rule_names_the_votes_for_it_needs(majority, base, expected):
    values, summary = rows(closed(majority=majority, majority_base=base))

    assert values["Majority required"] == expected
    assert values["Majority met"].startswith(
        "no" if expected.endswith(("4 for", "5 for")) else "yes"
    )
    assert "majority was" in summary


def test_the_numbers_needed_agree_with_the_rule_that_decides():
    # Qualified majority of 9 votes cast needs 6: with 6 for it is met, with 5 it is not.
    met, _ = rows(
        closed(
            majority=Majority.QUALIFIED,
            eligible_count=9,
            participant_count=9,
            votes_for=6,
            votes_against=3,
            votes_abstain=0,
        )
    )
    not_met, _ = rows(
        closed(
            majority=Majority.QUALIFIED,
            eligible_count=9,
            participant_count=9,
            votes_for=5,
            votes_against=4,
            votes_abstain=0,
        )
    )

    assert "at least 6 for" in met["Majority required"]
    assert met["Majority met"].startswith("yes")
    assert not_met["Majority met"].startswith("no")


def test_it_is_written_in_the_readers_language():
    with translation.override("pl"):
        explained = outcome_explained(closed())

    assert explained.summary != (
        "The quorum was reached and the majority was met: the resolution is adopted."
    )
