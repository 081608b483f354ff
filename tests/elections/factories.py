"""Elections for the tests: bodies, voters, candidates, built through the services."""

import io
from datetime import date, timedelta

from django.core.management import call_command
from django.utils import timezone

from elections import services
from elections.models import Candidate, Election
from resolutions.models import GoverningBody
from tests.factories import CouncilSeatFactory, PersonFactory, UserFactory, active_member


def bodies():
    call_command("seed_governance", stdout=io.StringIO())
    return {body.slug: body for body in GoverningBody.objects.all()}


def member_voter(email, *, language="pl"):
    """A user who is the primary representative (the voter) of a new active member."""
    user = UserFactory(email=email, language=language)
    active_member(user=user)
    return user


def council_member(email, *, language="pl", term_start=None):
    user = UserFactory(email=email, language=language)
    person = PersonFactory(organisation=active_member(), user=user, email=user.email)
    CouncilSeatFactory(
        person=person,
        term_start=term_start or timezone.localdate().replace(month=1, day=1),
    )
    return user


def term(years=3):
    start = date(timezone.localdate().year + 1, 1, 1)
    return start, start.replace(year=start.year + years) - timedelta(days=1)


def election(
    body, *, actor=None, target=Election.Target.COUNCIL, seats=2, method="electronic", **fields
):
    start, end = term()
    data = {
        "body": body,
        "title_pl": "Wybory Rady Klastra",
        "title_en": "Election of the Cluster Council",
        "target": target,
        "seats": seats,
        "term_start": start,
        "term_end": end,
        "method": method,
        "nominations_close_at": None,
        **fields,
    }
    return services.election_save(actor=actor, data=data)


def candidate(election, *, person=None, nominator, consent=True):
    """Nominate a person of a new active member (or `person`), consenting unless told not to."""
    if person is None:
        person = active_member().primary_representative
    made = services.candidate_nominate(election=election, user=nominator, person=person)
    if consent and made.consented_at is None:
        services.candidate_consent(token=made.consent_token, accept=True)
    return Candidate.objects.get(pk=made.pk)


def opened(election, *, actor, hours=2):
    closes = timezone.now() + timedelta(hours=hours) if election.method == "electronic" else None
    return services.voting_open(election=election, actor=actor, closes_at=closes)
