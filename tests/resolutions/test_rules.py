"""Every quorum and majority rule at and around its exact threshold."""

import pytest

from resolutions.models import Majority, MajorityBase, Resolution
from resolutions.rules import Rules, Tally

ADOPTED, REJECTED, INVALID = (
    Resolution.Outcome.ADOPTED,
    Resolution.Outcome.REJECTED,
    Resolution.Outcome.INVALID,
)


def tally(eligible, votes_for, against, abstain, participants=None):
    cast = votes_for + against + abstain
    return Tally(
        eligible=eligible,
        participants=cast if participants is None else participants,
        votes_for=votes_for,
        votes_against=against,
        votes_abstain=abstain,
    )


@pytest.mark.parametrize(
    ("quorum", "eligible", "participants", "met"),
    [
        (50, 10, 4, False),
        (50, 10, 5, True),  # exactly half
        (50, 10, 6, True),
        (50, 7, 3, False),  # 3/7 = 42.9%
        (50, 7, 4, True),  # 4/7 = 57.1%: the first whole voter over half
        (66, 3, 1, False),
        (66, 3, 2, True),  # 66.7% >= 66%
        (67, 3, 2, False),  # 66.7% < 67%
        (67, 3, 3, True),
        (100, 5, 4, False),
        (100, 5, 5, True),
        (0, 5, 0, True),  # no quorum required
        (0, 0, 0, False),  # nobody eligible: never valid
        (1, 150, 1, False),  # 0.67% < 1%
        (1, 150, 2, True),
    ],
)
def test_quorum_threshold(quorum, eligible, participants, met):
    rules = Rules(quorum_percent=quorum, majority=Majority.SIMPLE, majority_base=MajorityBase.CAST)
    assert rules.quorum_met(tally(eligible, 0, 0, participants)) is met


@pytest.mark.parametrize(
    ("majority", "base", "eligible", "votes", "adopted"),
    [
        # Simple, of the votes cast: more for than against; abstentions do not count.
        (Majority.SIMPLE, MajorityBase.CAST, 10, (3, 3, 4), False),  # tie
        (Majority.SIMPLE, MajorityBase.CAST, 10, (4, 3, 3), True),
        (Majority.SIMPLE, MajorityBase.CAST, 10, (1, 0, 9), True),
        (Majority.SIMPLE, MajorityBase.CAST, 10, (0, 0, 10), False),
        # Absolute, of the votes cast: more than half of for + against + abstain.
        (Majority.ABSOLUTE, MajorityBase.CAST, 10, (5, 4, 1), False),  # exactly half
        (Majority.ABSOLUTE, MajorityBase.CAST, 10, (6, 3, 1), True),
        (Majority.ABSOLUTE, MajorityBase.CAST, 10, (4, 0, 5), False),  # 4 of 9
        (Majority.ABSOLUTE, MajorityBase.CAST, 10, (5, 0, 4), True),  # 5 of 9
        # Qualified, of the votes cast: at least two thirds.
        (Majority.QUALIFIED, MajorityBase.CAST, 10, (5, 3, 1), False),  # 5 of 9 < 6
        (Majority.QUALIFIED, MajorityBase.CAST, 10, (6, 3, 0), True),  # exactly 2/3
        (Majority.QUALIFIED, MajorityBase.CAST, 10, (6, 2, 2), False),  # 6 of 10 < 6.67
        (Majority.QUALIFIED, MajorityBase.CAST, 10, (7, 2, 1), True),
        (Majority.QUALIFIED, MajorityBase.CAST, 10, (0, 0, 0), False),
        # Simple, of all eligible: more for than against and absent together.
        (Majority.SIMPLE, MajorityBase.ELIGIBLE, 10, (5, 0, 0), False),  # 5 vs 5 absent
        (Majority.SIMPLE, MajorityBase.ELIGIBLE, 10, (5, 0, 1), True),  # 5 vs 4 absent
        (Majority.SIMPLE, MajorityBase.ELIGIBLE, 10, (4, 2, 4), True),  # 4 vs 2
        (Majority.SIMPLE, MajorityBase.ELIGIBLE, 10, (4, 4, 2), False),
        # Absolute, of all eligible: more than half of everyone eligible.
        (Majority.ABSOLUTE, MajorityBase.ELIGIBLE, 10, (5, 0, 0), False),
        (Majority.ABSOLUTE, MajorityBase.ELIGIBLE, 10, (6, 0, 0), True),
        (Majority.ABSOLUTE, MajorityBase.ELIGIBLE, 11, (5, 0, 0), False),
        (Majority.ABSOLUTE, MajorityBase.ELIGIBLE, 11, (6, 0, 0), True),  # 6 of 11
        # Qualified, of all eligible: at least two thirds of everyone eligible.
        (Majority.QUALIFIED, MajorityBase.ELIGIBLE, 9, (5, 0, 0), False),
        (Majority.QUALIFIED, MajorityBase.ELIGIBLE, 9, (6, 0, 0), True),  # exactly 2/3
        (Majority.QUALIFIED, MajorityBase.ELIGIBLE, 10, (6, 0, 0), False),  # 6 < 6.67
        (Majority.QUALIFIED, MajorityBase.ELIGIBLE, 10, (7, 3, 0), True),
    ],
)
def test_majority_threshold(majority, base, eligible, votes, adopted):
    rules = Rules(quorum_percent=0, majority=majority, majority_base=base)
    assert rules.majority_met(tally(eligible, *votes)) is adopted


@pytest.mark.parametrize(
    ("participants", "votes", "outcome"),
    [
        ((4), (4, 0, 0), INVALID),  # no quorum, even though all voted for
        ((5), (3, 2, 0), ADOPTED),
        ((5), (2, 2, 1), REJECTED),
        ((5), (0, 0, 0), REJECTED),  # present at a meeting, nobody voted
    ],
)
def test_outcome_checks_quorum_before_majority(participants, votes, outcome):
    rules = Rules(quorum_percent=50, majority=Majority.SIMPLE, majority_base=MajorityBase.CAST)
    assert rules.outcome(tally(10, *votes, participants=participants)) == outcome


@pytest.mark.parametrize(
    ("stricter", "than", "expected"),
    [
        ((50, Majority.SIMPLE, MajorityBase.CAST), (50, Majority.SIMPLE, MajorityBase.CAST), True),
        ((60, Majority.SIMPLE, MajorityBase.CAST), (50, Majority.SIMPLE, MajorityBase.CAST), True),
        (
            (40, Majority.QUALIFIED, MajorityBase.CAST),
            (50, Majority.SIMPLE, MajorityBase.CAST),
            False,
        ),
        (
            (50, Majority.QUALIFIED, MajorityBase.CAST),
            (50, Majority.ABSOLUTE, MajorityBase.CAST),
            True,
        ),
        (
            (50, Majority.SIMPLE, MajorityBase.CAST),
            (50, Majority.ABSOLUTE, MajorityBase.CAST),
            False,
        ),
        (
            (50, Majority.ABSOLUTE, MajorityBase.ELIGIBLE),
            (50, Majority.ABSOLUTE, MajorityBase.CAST),
            True,
        ),
        (
            (50, Majority.QUALIFIED, MajorityBase.CAST),
            (50, Majority.ABSOLUTE, MajorityBase.ELIGIBLE),
            False,
        ),
    ],
)
def test_a_rule_is_stricter_only_when_no_part_is_weaker(stricter, than, expected):
    assert Rules(*stricter).is_at_least_as_strict_as(Rules(*than)) is expected
