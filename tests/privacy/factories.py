"""A person the portal knows a lot about: a row in every kind of record that names a person."""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import User
from agreements.models import Partner
from cooperation.models import Contact, ContactMessage, MatchSubscription, PostAttachment
from core.audit import audit_log
from core.emails import email_queue
from core.models import AuditEntry
from elections.models import Candidate, Election, ElectionVoter
from events.models import Registration
from meetings.models import Attendance, Meeting, MeetingProxy, Minutes
from members.models import MembershipApplication, Person
from news.models import Subscriber
from projects.models import ProjectIdea
from resolutions.models import Ballot, EligibleVoter, GoverningBody, Resolution, VoteCast
from tests.agreements.pdfs import minimal_pdf
from tests.cooperation.factories import PostFactory, PurchaseCommitmentFactory
from tests.events.factories import EventFactory
from tests.factories import PersonFactory, UserFactory, active_member, totp_activate
from tests.meetings.factories import MeetingFactory

FIRST, LAST = "Zbigniew", "Wodnicki"
EMAIL = "zbigniew.wodnicki@example.com"
PHONE = "+48 501 234 567"


@dataclass
class Rich:
    user: User
    person: Person
    other: Person
    resolution: Resolution
    minutes: Minutes
    rows: dict = field(default_factory=dict)


def _registration(event, sequence, **fields):
    return Registration.objects.create(
        event=event,
        sequence=sequence,
        status=fields.pop("status", Registration.Status.ATTENDED),
        language="pl",
        token=Registration.new_token(),
        **fields,
    )


def rich_person(*, coordinator):
    """Create the person, with an account, and a row about them in every kind of record."""
    user = UserFactory(
        email=EMAIL, first_name=FIRST, last_name=LAST, language="de", verified_email=True
    )
    totp_activate(user)
    organisation = active_member(name="Wodnicki Sp. z o.o.", slug="wodnicki")
    other = organisation.primary_representative
    person = PersonFactory(
        organisation=organisation,
        user=user,
        email=EMAIL,
        first_name=FIRST,
        last_name=LAST,
        phone=PHONE,
        position="Kierownik",
        role=Person.Role.REPRESENTATIVE,
    )
    # A sole trader's organisation: its contact address is the person's own.
    organisation.email = EMAIL
    organisation.save(update_fields=["email"])
    MembershipApplication.objects.create(
        organisation=organisation,
        declaration_text="Deklaracja",
        consent_text="Zgoda",
        ip_address="192.0.2.8",
        language="pl",
    )
    past = timezone.now() - datetime.timedelta(days=30)
    event = EventFactory(starts_at=past, ends_at=past + datetime.timedelta(hours=2))
    member_registration = _registration(
        event,
        1,
        person=person,
        first_name=FIRST,
        last_name=LAST,
        email=EMAIL,
        answers={"1": "wegetariańskie"},
    )
    guest_event = EventFactory(starts_at=past, ends_at=past + datetime.timedelta(hours=2))
    guest_registration = _registration(
        guest_event, 1, first_name=FIRST, last_name=LAST, email=EMAIL.upper()
    )
    Subscriber.objects.create(
        email=EMAIL,
        token="subscriber-token",
        state=Subscriber.State.CONFIRMED,
        consent_ip="192.0.2.7",
    )
    # A named vote, closed, that the person cast.
    body = GoverningBody.objects.create(
        name="Zgromadzenie", slug="zgromadzenie", electorate="members"
    )
    resolution = Resolution.objects.create(
        body=body,
        number=1,
        year=2026,
        title="Budżet",
        content="Treść",
        status="closed",
        outcome="adopted",
        eligible_count=2,
        participant_count=1,
        votes_for=1,
        closed_at=timezone.now(),
        created_by=coordinator,
    )
    voter = EligibleVoter.objects.create(
        resolution=resolution,
        person=other,
        organisation=organisation,
        proxy=person,
        proxy_document=ContentFile(minimal_pdf(), name="pelnomocnictwo.pdf"),
    )
    VoteCast.objects.create(voter=voter, cast_by=person, cast_at=timezone.now())
    Ballot.objects.create(voter=voter, choice="for", cast_by=person)
    # A closed meeting the person attended with a proxy, and its minutes naming them.
    meeting = MeetingFactory(
        body=body,
        status=Meeting.Status.CLOSED,
        number=1,
        year=2026,
        secretary=person,
        starts_at=past,
        ends_at=past + datetime.timedelta(hours=2),
    )
    Attendance.objects.create(
        meeting=meeting,
        person=person,
        organisation=organisation,
        mode="in_person",
        checked_in_at=past,
    )
    MeetingProxy.objects.create(
        meeting=meeting,
        organisation=organisation,
        granted_by=other,
        holder=person,
        document=ContentFile(minimal_pdf(), name="proxy.pdf"),
        used_at=past,
    )
    minutes = Minutes.objects.create(
        meeting=meeting,
        text=f"Protokół sporządził {FIRST} {LAST} ({EMAIL}). Obecni: {FIRST} {LAST}.",
    )
    # A closed election the person stood in.
    election = Election.objects.create(
        body=body,
        title="Wybory",
        target="council",
        term_start=datetime.date(2026, 1, 1),
        term_end=datetime.date(2029, 1, 1),
        status="closed",
        method="paper",
    )
    Candidate.objects.create(
        election=election,
        person=person,
        statement=f"Jestem {FIRST} {LAST}.",
        consented_at=past,
        votes=3,
        elected=True,
        consent_token="consent-token",
    )
    ElectionVoter.objects.create(election=election, person=person, voted_at=past, voted_by=person)
    # The board: a post they wrote (fulfilled), its attachment, a conversation, a commitment.
    post = PostFactory(
        organisation=organisation, contact_person=person, author=person, status="fulfilled"
    )
    PostAttachment.objects.create(
        post=post, title="Katalog", file=ContentFile(minimal_pdf(), name="katalog.pdf")
    )
    other_post = PostFactory()
    contact = Contact.objects.create(post=other_post, organisation=organisation, person=person)
    ContactMessage.objects.create(
        contact=contact, author=person, body=f"Pozdrawiam, {FIRST} {LAST}"
    )
    purchase = PostFactory(kind="joint_purchase", purchase_unit="szt.", status="fulfilled")
    PurchaseCommitmentFactory(post=purchase, organisation=organisation, person=person)
    MatchSubscription.objects.create(person=person, frequency="weekly", token="match-token")
    ProjectIdea.objects.create(
        organisation=organisation, submitted_by=person, title="Pomysł", description="Opis"
    )
    Partner.objects.create(
        name="Partner",
        slug="partner",
        kind="cluster",
        city="Berlin",
        contact_name=f"{FIRST} {LAST}",
        email=EMAIL,
        phone=PHONE,
    )
    email_queue(to=EMAIL, template="privacy_export_ready", context={"link": "x", "request": None})
    # The trail: what they did, and what was done to their entry (with their name and address).
    audit_log(actor=user, action="post.created", target=post)
    audit_log(
        actor=coordinator,
        action="person.updated",
        target=person,
        parent=organisation,
        changes={"email": ["old@example.com", EMAIL], "last_name": ["Nowak", LAST]},
    )
    audit_log(
        actor=coordinator,
        action="organisation.primary_representative_set",
        target=organisation,
        changes={"primary_representative": [f"{FIRST} {LAST}", str(other)]},
    )
    return Rich(
        user=user,
        person=person,
        other=other,
        resolution=resolution,
        minutes=minutes,
        rows={
            "member_registration": member_registration,
            "guest_registration": guest_registration,
            "voter": voter,
            "post": post,
            "contact": contact,
        },
    )


def audit_count():
    return AuditEntry.objects.count()


def person_type():
    return ContentType.objects.get_for_model(Person)
