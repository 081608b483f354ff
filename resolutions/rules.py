"""Quorum and majority: whether a vote was valid and whether it adopted the resolution.

Integer arithmetic only, so thresholds hold exactly: a quorum of 50% of 7 eligible voters needs 4,
a two-thirds majority of 9 votes cast needs 6.
"""

from dataclasses import dataclass

from .models import Majority, MajorityBase, Resolution

MAJORITY_STRENGTH = {Majority.SIMPLE: 0, Majority.ABSOLUTE: 1, Majority.QUALIFIED: 2}
BASE_STRENGTH = {MajorityBase.CAST: 0, MajorityBase.ELIGIBLE: 1}


@dataclass(frozen=True)
class Tally:
    eligible: int
    participants: int
    votes_for: int
    votes_against: int
    votes_abstain: int

    @property
    def cast(self):
        return self.votes_for + self.votes_against + self.votes_abstain


@dataclass(frozen=True)
class Rules:
    quorum_percent: int
    majority: str
    majority_base: str

    def quorum_met(self, tally):
        """At least `quorum_percent` of the eligible voters took part."""
        return (
            tally.eligible > 0 and tally.participants * 100 >= tally.eligible * self.quorum_percent
        )

    def majority_met(self, tally):
        """Whether the votes for reach the majority this rule asks for.

        Against all eligible voters, those who did not vote count as not in favour: a simple
        majority then needs more votes for than against and absent together.
        """
        base = tally.cast if self.majority_base == MajorityBase.CAST else tally.eligible
        if self.majority == Majority.SIMPLE:
            not_in_favour = tally.votes_against + (
                tally.eligible - tally.cast if self.majority_base == MajorityBase.ELIGIBLE else 0
            )
            return tally.votes_for > not_in_favour
        if self.majority == Majority.ABSOLUTE:
            return tally.votes_for * 2 > base
        return tally.votes_for > 0 and tally.votes_for * 3 >= base * 2

    def outcome(self, tally):
        if not self.quorum_met(tally):
            return Resolution.Outcome.INVALID
        if self.majority_met(tally):
            return Resolution.Outcome.ADOPTED
        return Resolution.Outcome.REJECTED

    def is_at_least_as_strict_as(self, other):
        return (
            self.quorum_percent >= other.quorum_percent
            and MAJORITY_STRENGTH[self.majority] >= MAJORITY_STRENGTH[other.majority]
            and BASE_STRENGTH[self.majority_base] >= BASE_STRENGTH[other.majority_base]
        )
