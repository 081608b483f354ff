"""Quorum and majority: whether a vote was valid and whether it adopted the resolution.

Integer arithmetic only, so thresholds hold exactly: a quorum of 50% of 7 eligible voters needs 4,
a two-thirds majority of 9 votes cast needs 6.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

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


@dataclass(frozen=True)
class OutcomeExplained:
    """Why a closed vote ended as it did, in words a council member reads: rows and a summary."""

    rows: list
    summary: str


def _yes_no(met):
    return pgettext("threshold", "yes") if met else pgettext("threshold", "no")


def _majority_required(rules, tally):
    """Return the majority rule in words, with the votes for it needs where that is a number."""
    of_cast = rules.majority_base == MajorityBase.CAST
    base = tally.cast if of_cast else tally.eligible
    if rules.majority == Majority.SIMPLE:
        if of_cast:
            return _("simple majority: more votes for than against")
        return _(
            "simple majority of all eligible voters: "
            "more votes for than against and not cast together"
        )
    if rules.majority == Majority.ABSOLUTE:
        needed = base // 2 + 1
        if of_cast:
            text = ngettext(
                "absolute majority: more than half of %(base)s vote cast, at least %(needed)s for",
                "absolute majority: more than half of %(base)s votes cast, at least %(needed)s for",
                base,
            )
        else:
            text = ngettext(
                "absolute majority: more than half of %(base)s eligible voter, "
                "at least %(needed)s for",
                "absolute majority: more than half of %(base)s eligible voters, "
                "at least %(needed)s for",
                base,
            )
        return text % {"base": base, "needed": needed}
    needed = max(1, (2 * base + 2) // 3)
    if of_cast:
        text = ngettext(
            "two-thirds majority: two thirds of %(base)s vote cast, at least %(needed)s for",
            "two-thirds majority: two thirds of %(base)s votes cast, at least %(needed)s for",
            base,
        )
    else:
        text = ngettext(
            "two-thirds majority: two thirds of %(base)s eligible voter, at least %(needed)s for",
            "two-thirds majority: two thirds of %(base)s eligible voters, at least %(needed)s for",
            base,
        )
    return text % {"base": base, "needed": needed}


def outcome_explained(resolution):
    """Return the quorum required and reached, the majority rule and whether it was met."""
    rules = resolution.rules
    tally = Tally(
        eligible=resolution.eligible_count,
        participants=resolution.participant_count,
        votes_for=resolution.votes_for,
        votes_against=resolution.votes_against,
        votes_abstain=resolution.votes_abstain,
    )
    # The smallest number of participants that reaches the quorum, in integers as quorum_met.
    quorum_needed = -(-tally.eligible * rules.quorum_percent // 100)
    quorum_met = rules.quorum_met(tally)
    majority_met = rules.majority_met(tally)
    rows = [
        (
            _("Quorum required"),
            ngettext(
                "%(percent)s%% of %(eligible)s eligible voter: at least %(needed)s",
                "%(percent)s%% of %(eligible)s eligible voters: at least %(needed)s",
                tally.eligible,
            )
            % {
                "percent": rules.quorum_percent,
                "eligible": tally.eligible,
                "needed": quorum_needed,
            },
        ),
        (
            _("Quorum reached"),
            _("%(answer)s (%(count)s took part)")
            % {"answer": _yes_no(quorum_met), "count": tally.participants},
        ),
        (_("Majority required"), _majority_required(rules, tally)),
        (
            _("Majority met"),
            _("%(answer)s (%(for)s for, %(against)s against, %(abstain)s abstained)")
            % {
                "answer": _yes_no(majority_met),
                "for": tally.votes_for,
                "against": tally.votes_against,
                "abstain": tally.votes_abstain,
            },
        ),
    ]
    if not quorum_met:
        summary = _("The quorum was not reached, so the vote is invalid and decides nothing.")
    elif majority_met:
        summary = _("The quorum was reached and the majority was met: the resolution is adopted.")
    else:
        summary = _(
            "The quorum was reached but the majority was not met: the resolution is rejected."
        )
    return OutcomeExplained(rows=rows, summary=summary)
