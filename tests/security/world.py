"""A small cluster with an object of every kind a URL may name, and the URLs of the URLconf.

The security tests (the authorisation matrix, the hostile forms) share this module; its API is
kept stable:

- `client_as(world, persona)` for a logged-in client (the six personas are `rules.PERSONAS`);
- `build_world(**personas)` (needs the database) returns a `World`: the personas' users, the
  objects by name in `world.objects`, and the URL kwargs by URL name in `world.kwargs`;
- `url_cases(world)` returns one `UrlCase` per URL pattern (and per variant where one URL is
  tried with objects of different reach), walked from `django.urls.get_resolver()`.

A URL whose kwargs the world cannot fill fails `url_cases` with a message naming it, so a new URL
cannot slip past the security tests.
"""

import datetime
import io
import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from accounts.models import Invitation
from agreements import services as agreement_services
from agreements.models import Agreement
from cooperation import services as cooperation_services
from cooperation.models import Post
from events import services as event_services
from events.models import Event, EventDocument
from meetings import services as meeting_services
from members import services as member_services
from members.models import MembershipApplication, Organisation
from news import services as news_services
from news.models import Article, Subscriber
from projects import services as project_services
from resolutions import services as resolution_services
from resolutions.models import (
    EligibleVoter,
    GoverningBody,
    OperationalPlan,
    PlanItem,
    ResolutionAttachment,
    StrategicGoal,
    Strategy,
)
from tests.agreements.factories import PartnerFactory, make_agreement
from tests.agreements.pdfs import minimal_pdf
from tests.cooperation.factories import PostAttachmentFactory, PostFactory
from tests.events.factories import EventFactory, QuestionFactory
from tests.factories import (
    ActionGroupFactory,
    CompetenceFactory,
    CouncilSeatFactory,
    OrganisationFactory,
    PersonFactory,
    SectorFactory,
    UserFactory,
    active_member,
)
from tests.meetings.factories import AgendaItemFactory, MeetingDocumentFactory, MeetingFactory
from tests.news.conftest import (
    ArticleFactory,
    CampaignFactory,
    PageFactory,
    SubscriberFactory,
    topics_ensure,
)

from .parts import PARTS
from .rules import QUERY, Variants, marker_for

LANGUAGE = "en"

# Words in the titles of objects only some personas may see (by object name). The access table
# says who may; a page that shows a marker to anyone else leaks the object.
MARKERS = {
    name: marker_for(name)
    for name in (
        "suspended_organisation",
        "draft_resolution",
        "council_resolution",
        "open_resolution",
        "members_event",
        "group_event",
        "draft_event",
        "draft_article",
        "members_post",
        "pending_post",
        "hidden_post",
        "members_project",
        "member_idea",
        "council_meeting",
        "draft_meeting",
    )
}
# The parts of later apps name theirs in their MARKER_READERS.
MARKERS.update({name: marker_for(name) for part in PARTS for name in part.MARKER_READERS})

# URL patterns without a name (the media files) are known by their route instead.
UNNAMED = {"media/<path:path>": "media"}


@dataclass
class World:
    users: dict  # persona -> User, or None for the anonymous visitor
    objects: dict  # name -> model instance or token
    kwargs: dict = field(default_factory=dict)  # URL name -> kwargs, or Variants of kwargs


@dataclass(frozen=True)
class UrlCase:
    name: str  # the namespaced URL name, or the UNNAMED key
    variant: str  # "" for the URL's only case
    path: str
    methods: frozenset | None  # the HTTP methods the view accepts, None when unknowable

    @property
    def key(self):
        """The name of the case in the expected table: `name` or `name[variant]`."""
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    @property
    def accepts_post(self):
        return self.methods is None or "POST" in self.methods


def client_as(world, persona):
    """Return a fresh test client, logged in as the persona (anonymous for "anonymous")."""
    client = Client()
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    return client


# --- The world ----------------------------------------------------------------------------------


def _pdf(name):
    return ContentFile(minimal_pdf(), name=name)


def _members(world, *, representative, employee, council_member):
    o = world.objects
    o["represented_organisation"] = representative.person.organisation
    o["council_organisation"] = council_member.person.organisation
    o["sector"] = SectorFactory(name="ICT", slug="ict")
    o["represented_organisation"].sectors.add(o["sector"])
    o["competence"] = CompetenceFactory(name="Spawanie", slug="welding")
    o["represented_organisation"].competences.add(o["competence"])
    o["action_group"] = ActionGroupFactory(slug="ai-group")
    o["action_group"].organisations.add(o["represented_organisation"])
    # Another member, whose people and data the representative must not reach.
    o["other_organisation"] = active_member(name="Inna Firma S.A.", slug="inna-firma")
    o["other_person"] = PersonFactory(organisation=o["other_organisation"])
    o["other_representative"] = o["other_organisation"].primary_representative
    # A colleague of the representative without an account: theirs to edit, delete, invite.
    o["colleague"] = PersonFactory(organisation=o["represented_organisation"])
    o["employee_person"] = employee.person
    # A suspended member: not in the directory.
    o["suspended_organisation"] = active_member(
        name=f"Zawieszona {MARKERS['suspended_organisation']}", slug="zawieszona"
    )
    Organisation.objects.filter(pk=o["suspended_organisation"].pk).update(
        status=Organisation.Status.SUSPENDED
    )
    o["applicant"] = member_services.membership_apply(
        organisation_data={
            "name": "Kandydat Sp. z o.o.",
            "kind": Organisation.Kind.SMALL,
            "nip": OrganisationFactory.build().nip,
            "city": "Gdynia",
            "voivodeship": "pomorskie",
        },
        sectors=[o["sector"]],
        contact_data={"first_name": "Jan", "last_name": "Kandydat", "email": "jan@kandydat.pl"},
        motivation="Współpraca.",
        declaration_text="Oświadczenie.",
        consent_text="Zgoda.",
        ip_address="127.0.0.1",
        language="pl",
    )
    o["application"] = MembershipApplication.objects.get(organisation=o["applicant"])
    o["council_seat"] = council_member.person.council_seats.get()
    # A past seat, so the council has history the panel can end or show.
    o["past_seat"] = CouncilSeatFactory(
        person=o["other_representative"],
        term_start=datetime.date(2020, 1, 1),
        term_end=datetime.date(2020, 12, 31),
    )
    # An invited user who has not set a password yet, and the link's token.
    invited = UserFactory(email="invited@example.com", password=None)
    invited.set_unusable_password()
    invited.save()
    o["invitation_token"] = secrets.token_urlsafe(32)
    o["invitation"] = Invitation.objects.create(
        user=invited,
        token_hash=Invitation.hash_token(o["invitation_token"]),
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    # allauth's e-mail confirmation and password reset keys, of a user who is no persona (logging
    # a persona in would change its last login, and with it the reset key).
    o["new_user"] = UserFactory(email="new-user@example.com")
    address = EmailAddress.objects.create(
        user=o["new_user"], email=o["new_user"].email, primary=True, verified=False
    )
    o["email_confirmation_key"] = EmailConfirmationHMAC(address).key
    o["reset_uidb36"] = user_pk_to_url_str(o["new_user"])
    o["reset_key"] = default_token_generator.make_token(o["new_user"])


def _governance(world, *, coordinator):
    o = world.objects
    call_command("seed_governance", stdout=io.StringIO())
    assembly = GoverningBody.objects.get(slug="member-assembly")
    council = GoverningBody.objects.get(slug="council")
    o["assembly"], o["council_body"] = assembly, council

    def draft(body, **fields):
        data = {
            "body": body,
            "title_pl": "Uchwała w sprawie planu",
            "title_en": "Resolution on the plan",
            "content_pl": "Przyjmuje się plan.",
            "content_en": "The plan is adopted.",
            "legal_basis": "§ 12",
            "is_public": False,
            "is_secret": False,
            "quorum_percent": body.quorum_percent,
            "majority": body.majority,
            "majority_base": body.majority_base,
            **fields,
        }
        return resolution_services.resolution_draft_save(actor=coordinator, data=data)

    def adopted(body, **fields):
        today = timezone.localdate()
        attendees = [person for person, _org in resolution_services.electorate_of(body, on=today)]
        return resolution_services.meeting_vote_record(
            resolution=draft(body, **fields),
            actor=coordinator,
            meeting_date=today,
            attendees=attendees,
            votes_for=len(attendees),
            votes_against=0,
            votes_abstain=0,
        )

    def marked(name):
        return {"title_pl": f"Uchwała {MARKERS[name]}", "title_en": f"Resolution {MARKERS[name]}"}

    o["draft_resolution"] = draft(council, **marked("draft_resolution"))
    o["public_resolution"] = adopted(assembly, is_public=True)
    o["council_resolution"] = adopted(council, **marked("council_resolution"))
    o["open_resolution"] = resolution_services.vote_open(
        resolution=draft(assembly, **marked("open_resolution")),
        actor=coordinator,
        closes_at=timezone.now() + datetime.timedelta(days=3),
    )
    for name in ("public_resolution", "council_resolution"):
        resolution = o[name]
        resolution.pdf.save(f"{name}.pdf", _pdf(f"{name}.pdf"))
        o[f"{name}_attachment"] = ResolutionAttachment.objects.create(
            resolution=resolution, file=_pdf(f"{name}-annex.pdf"), name=f"{name}-annex.pdf"
        )
    # The other member's vote in the open resolution went to a colleague with a signed proxy.
    voter = EligibleVoter.objects.get(
        resolution=o["open_resolution"], organisation=o["other_organisation"]
    )
    voter.proxy = o["other_person"]
    voter.proxy_document.save("proxy.pdf", _pdf("proxy.pdf"), save=False)
    voter.save()
    o["proxy_voter"] = voter

    year = timezone.localdate().year
    o["strategy"] = Strategy.objects.create(
        title_pl="Strategia",
        title_en="Strategy",
        vision_pl="Wizja.",
        vision_en="Vision.",
        period_start=year,
        period_end=year + 4,
        adopted_by=o["public_resolution"],
    )
    o["goal"] = StrategicGoal.objects.create(
        strategy=o["strategy"], code="1", title_pl="Cel", title_en="Goal"
    )
    o["plan"] = OperationalPlan.objects.create(
        title="Plan operacyjny",
        strategy=o["strategy"],
        period_start=year,
        period_end=year + 1,
    )
    o["plan"].pdf.save("plan.pdf", _pdf("plan.pdf"))
    o["plan_item"] = PlanItem.objects.create(
        plan=o["plan"],
        goal=o["goal"],
        title_pl="Zadanie",
        title_en="Task",
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year + 1, 12, 31),
    )


def _events(world, *, employee, coordinator):
    o = world.objects
    o["public_event"] = EventFactory(audience=Event.Audience.PUBLIC, slug="open-seminar")
    QuestionFactory(event=o["public_event"])

    def marked(name):
        return {"title": f"Seminarium {MARKERS[name]}", "title_en": f"Seminar {MARKERS[name]}"}

    o["members_event"] = EventFactory(
        audience=Event.Audience.MEMBERS, slug="members-seminar", **marked("members_event")
    )
    o["group_event"] = EventFactory(
        audience=Event.Audience.ACTION_GROUP,
        action_group=o["action_group"],
        slug="group-seminar",
        **marked("group_event"),
    )
    o["draft_event"] = EventFactory(
        status=Event.Status.DRAFT,
        published_at=None,
        slug="draft-seminar",
        **marked("draft_event"),
    )
    o["registration"] = event_services.registration_create(
        event=o["members_event"],
        actor=employee,
        person=employee.person,
        language="en",
    )
    guest = {
        "first_name": "Gość",
        "last_name": "Zewnętrzny",
        "email": "guest@example.org",
        "organisation_name": "Uczelnia",
    }
    o["guest_token"] = event_services.guest_registration_request(
        event=o["public_event"], guest=guest, answers={}, language="en"
    )
    o["guest_registration"] = event_services.registration_create(
        event=o["public_event"],
        actor=None,
        guest={**guest, "email": "confirmed-guest@example.org"},
        language="en",
    )
    o["event_document"] = EventDocument.objects.create(
        event=o["members_event"],
        kind=EventDocument.Kind.ATTENDANCE_LIST,
        language="en",
        status=EventDocument.Status.READY,
        content=minimal_pdf(),
        rendered_at=timezone.now(),
        requested_by=coordinator,
    )


def _agreements(world):
    o = world.objects
    o["partner"] = PartnerFactory(slug="jki")
    agreement = make_agreement(status=Agreement.Status.IN_FORCE, partners=[o["partner"]])
    agreement_services.agreement_scan_attach(
        agreement=agreement, actor=None, upload=SimpleUploadedFile("s.pdf", minimal_pdf())
    )
    agreement.refresh_from_db()
    agreement.document.save("agreement.pdf", _pdf("agreement.pdf"))
    o["agreement"] = agreement
    o["agreement_party"] = agreement.parties.first()
    o["draft_agreement"] = make_agreement()
    o["draft_party"] = o["draft_agreement"].parties.filter(partner__isnull=False).first()
    o["awaiting_agreement"] = make_agreement(status=Agreement.Status.AWAITING_SIGNATURES)
    o["awaiting_party"] = o["awaiting_agreement"].parties.first()
    # A partner without an agreement in force has no public page.
    o["negotiating_partner"] = (
        o["awaiting_agreement"].parties.exclude(partner__isnull=True).first().partner
    )


def _news(world):
    o = world.objects
    topics_ensure()
    o["article"] = ArticleFactory(slug="cluster-news", title_en="Cluster news")
    o["draft_article"] = ArticleFactory(
        slug="draft-news",
        status=Article.Status.DRAFT,
        published_at=None,
        title_pl=f"Szkic {MARKERS['draft_article']}",
        title_en=f"Draft {MARKERS['draft_article']}",
    )
    o["page"] = PageFactory(slug="about", title_en="About")
    o["campaign"] = CampaignFactory()
    o["subscriber"] = SubscriberFactory(email="reader@example.org")
    pending = SubscriberFactory(
        email="pending@example.org", state=Subscriber.State.PENDING, confirmed_at=None
    )
    o["pending_subscriber"] = pending
    o["confirmation_token"] = news_services.confirmation_token(
        subscriber=pending, topics=list(pending.topics.all()), language="en"
    )


def _projects(world, *, coordinator):
    """A granted project anyone sees, a members-only one, a document, an idea and a call."""
    o = world.objects
    o["funding_call"] = project_services.funding_call_save(
        actor=None,
        data={
            "programme": "FENG",
            "name_pl": "Ścieżka SMART",
            "name_en": "SMART path",
            "deadline": timezone.now() + datetime.timedelta(days=20),
        },
    )
    o["public_project"] = project_services.project_create(
        actor=None,
        data={
            "programme": "FENG",
            "call": o["funding_call"],
            "acronym": "PUBLIC",
            "title_pl": "Projekt publiczny",
            "title_en": "Public project",
            "cluster_role": "lead",
            "status": "granted",
            "budget": 1000,
            "cofinancing": 800,
        },
    )
    o["project_partner"] = project_services.project_partner_add(
        actor=None,
        project=o["public_project"],
        data={"organisation": o["represented_organisation"], "role": "lead"},
    )
    o["project_document"] = project_services.project_document_upload(
        actor=coordinator,
        project=o["public_project"],
        title="Grant agreement",
        upload=SimpleUploadedFile("grant.pdf", minimal_pdf()),
    )
    o["members_project"] = project_services.project_create(
        actor=None,
        data={
            "programme": "Horizon Europe",
            "acronym": "MEMBERS",
            "title_pl": f"Konsorcjum {MARKERS['members_project']}",
            "title_en": f"Consortium {MARKERS['members_project']}",
            "cluster_role": "partner",
            "status": "consortium",
        },
    )
    o["project_idea"] = project_services.project_idea_submit(
        actor=None,
        person=o["represented_organisation"].people.order_by("pk").first(),
        data={"title": f"Pomysł {MARKERS['member_idea']}", "description": "Opis pomysłu."},
    )


def _elections(world, *, coordinator):
    """An election of the Council taking nominations (with a candidate yet to consent), one
    voting electronically, one on paper, and one counted with its results PDF."""
    from elections import services as election_services

    o = world.objects
    today = timezone.localdate()
    start = datetime.date(today.year + 1, 1, 1)

    def election(**fields):
        data = {
            "body": o["assembly"],
            "title_pl": "Wybory Rady Klastra",
            "title_en": "Election of the Cluster Council",
            "target": "council",
            "seats": 2,
            "term_start": start,
            "term_end": start.replace(year=start.year + 3),
            "method": "electronic",
            "nominations_close_at": None,
            **fields,
        }
        return election_services.election_save(actor=coordinator, data=data)

    def nominate(item, person, *, consent=True):
        made = election_services.candidate_nominate(election=item, user=coordinator, person=person)
        if consent:
            election_services.candidate_consent(token=made.consent_token, accept=True)
        return made

    def opened(item):
        electronic = item.method == "electronic"
        closes = timezone.now() + datetime.timedelta(days=3) if electronic else None
        return election_services.voting_open(election=item, actor=coordinator, closes_at=closes)

    o["nominating_election"] = election()
    nominate(o["nominating_election"], o["other_representative"])
    o["pending_candidate"] = nominate(o["nominating_election"], o["colleague"], consent=False)
    o["voting_election"] = election()
    nominate(o["voting_election"], o["other_representative"])
    nominate(o["voting_election"], o["colleague"])
    o["voting_election"] = opened(o["voting_election"])
    o["paper_election"] = election(method="paper")
    nominate(o["paper_election"], o["other_representative"])
    o["paper_election"] = opened(o["paper_election"])
    o["closed_election"] = election()
    nominate(o["closed_election"], o["other_representative"])
    o["closed_election"] = election_services.election_close(
        election=opened(o["closed_election"]), actor=coordinator
    )
    o["closed_election"].results_pdf.save("results.pdf", _pdf("results.pdf"))


def _meetings(world, *, coordinator):
    """A convened Assembly meeting (members), a convened Council meeting, a draft, each with an
    agenda item and a document."""
    o = world.objects

    def meeting(name, body, marker=None, convene=True):
        fields = (
            {"title_pl": f"Posiedzenie {MARKERS[marker]}", "title_en": f"Meeting {MARKERS[marker]}"}
            if marker
            else {}
        )
        o[name] = MeetingFactory(body=body, **fields)
        o[f"{name}_item"] = AgendaItemFactory(meeting=o[name], order=1)
        o[f"{name}_document"] = MeetingDocumentFactory(
            meeting=o[name], agenda_item=o[f"{name}_item"]
        )
        if convene:
            o[name] = meeting_services.meeting_convene(actor=coordinator, meeting=o[name])

    meeting("assembly_meeting", o["assembly"])
    meeting("council_meeting", o["council_body"], "council_meeting")
    meeting("draft_meeting", o["assembly"], "draft_meeting", convene=False)
    AgendaItemFactory(meeting=o["draft_meeting"], order=2)
    MeetingDocumentFactory(meeting=o["draft_meeting"])
    # A meeting in session, whose page offers the chair's and coordinator's "close".
    meeting("session_meeting", o["assembly"])
    o["session_meeting"] = meeting_services.meeting_open(
        actor=coordinator, meeting=o["session_meeting"]
    )


def _cooperation_board(world):
    """Posts of each reach: public, members-only, pending (the representative's) and hidden."""
    o = world.objects
    mine, other = o["represented_organisation"], o["other_organisation"]

    def post(organisation, marker=None, **fields):
        titles = {"title_pl": f"Oferta {marker}", "title_en": f"Offer {marker}"} if marker else {}
        return PostFactory(organisation=organisation, **titles, **fields)

    o["public_post"] = post(mine)
    o["members_post"] = post(other, MARKERS["members_post"], visibility=Post.Visibility.MEMBERS)
    o["pending_post"] = post(
        mine, MARKERS["pending_post"], status=Post.Status.PENDING, published_at=None
    )
    o["hidden_post"] = post(
        other, MARKERS["hidden_post"], status=Post.Status.HIDDEN, hidden_reason="Spam"
    )
    o["public_attachment"] = PostAttachmentFactory(post=o["public_post"])
    o["members_attachment"] = PostAttachmentFactory(post=o["members_post"])
    o["pending_attachment"] = PostAttachmentFactory(post=o["pending_post"])


def _cooperation_purchases(world, *, representative, council_member):
    """A joint purchase of the representative's organisation that the council member's joined."""
    o = world.objects
    o["joint_purchase"] = Post.objects.create(
        organisation=o["represented_organisation"],
        contact_person=representative.person,
        kind=Post.Kind.JOINT_PURCHASE,
        title_pl="Wspólny zakup energii",
        title_en="Joint purchase of energy",
        description_pl="Opis.",
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
        purchase_unit="MWh",
        status=Post.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    o["purchase_commitment"] = cooperation_services.commitment_join(
        post=o["joint_purchase"], actor=council_member, quantity=Decimal("12.5"), note="Gdynia"
    )


def _cooperation_contacts(world, *, representative, council_member):
    """A post of the representative's organisation that the council member answered."""
    o = world.objects
    o["contact_post"] = Post.objects.create(
        organisation=o["represented_organisation"],
        contact_person=representative.person,
        kind=Post.Kind.REQUEST,
        title_pl="Szukamy dostawcy",
        title_en="Looking for a supplier",
        description_pl="Opis.",
        valid_until=timezone.localdate() + datetime.timedelta(days=30),
        status=Post.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    o["contact"] = cooperation_services.contact_start(
        post=o["contact_post"],
        person=council_member.person,
        actor=council_member,
        body="Chętnie dostarczymy.",
    )
    o["match_subscription"] = cooperation_services.match_subscription_save(
        person=council_member.person, actor=council_member, frequency="weekly"
    )


def _minutes(world, *, coordinator):
    """A closed Assembly meeting whose secretary is the employee, with draft minutes; a later
    Assembly meeting in session with the item approving them; approved minutes with their PDF of
    a closed Assembly and a closed Council meeting."""
    from meetings.models import AgendaItem, Minutes

    o = world.objects

    def held(name, body, **fields):
        o[name] = MeetingFactory(body=body, **fields)
        AgendaItemFactory(meeting=o[name], order=1)
        meeting_services.meeting_convene(actor=coordinator, meeting=o[name])
        meeting_services.meeting_open(actor=coordinator, meeting=o[name])
        o[name] = meeting_services.meeting_close(actor=coordinator, meeting=o[name])

    held("minutes_meeting", o["assembly"], secretary=world.users["employee"].person)
    o["draft_minutes"] = Minutes.objects.create(meeting=o["minutes_meeting"], text="Protokół.")
    later = o["minutes_meeting"].starts_at + datetime.timedelta(days=30)
    o["approving_meeting"] = MeetingFactory(body=o["assembly"], starts_at=later)
    o["approving_item"] = AgendaItemFactory(
        meeting=o["approving_meeting"],
        order=1,
        kind=AgendaItem.Kind.MINUTES,
        minutes_of=o["minutes_meeting"],
    )
    meeting_services.meeting_convene(actor=coordinator, meeting=o["approving_meeting"])
    o["approving_meeting"] = meeting_services.meeting_open(
        actor=coordinator, meeting=o["approving_meeting"]
    )
    archived = (("archived_meeting", o["assembly"]), ("archived_council", o["council_body"]))
    for name, body in archived:
        held(name, body)
        minutes = Minutes(
            meeting=o[name],
            text="Protokół.",
            status=Minutes.Status.APPROVED,
            approved_at_meeting=o["approving_meeting"],
            approved_on=timezone.localdate(),
        )
        minutes.pdf.save("minutes.pdf", _pdf("minutes.pdf"), save=False)
        minutes.save()
        o[f"{name}_minutes"] = minutes


def _attendance(world, *, coordinator):
    """The register of the Assembly in session: the representative checked in, a proxy the
    representative gave the employee for the convened Assembly, an item of draft resolutions and
    an election item on the session's agenda (issue 16)."""
    from meetings import attendance
    from meetings.models import AgendaItem
    from tests.meetings.attendance_helpers import draft_resolution

    o = world.objects
    representative = world.users["representative"]
    o["meeting_proxy"] = attendance.meeting_proxy_grant(
        actor=representative,
        meeting=o["assembly_meeting"],
        holder=world.users["employee"].person,
        document=_pdf("proxy.pdf"),
    )
    o["meeting_attendance"] = attendance.attendance_check_in(
        actor=coordinator,
        meeting=o["session_meeting"],
        person=representative.person,
        mode="in_person",
    )
    o["vote_resolution"] = draft_resolution(o["assembly"])
    o["vote_item"] = AgendaItemFactory(
        meeting=o["session_meeting"], order=2, kind=AgendaItem.Kind.RESOLUTIONS
    )
    o["vote_item"].resolutions.set([o["vote_resolution"]])
    o["election_item"] = AgendaItemFactory(
        meeting=o["session_meeting"],
        order=3,
        kind=AgendaItem.Kind.ELECTION,
        election=o["paper_election"],
    )


def build_world(*, outsider, employee, representative, council_member, coordinator):
    """Create the cluster every persona lives in; the arguments are the persona fixtures' users.

    The representative's organisation is an active member and the employee works there; the
    council member sits on the council for another member; the coordinator runs the office.
    Around them: another member's people and documents, drafts, members-only and council-only
    resolutions, events of each audience, agreements in each state, news, and valid tokens.
    """
    world = World(
        users={
            "anonymous": None,
            "outsider": outsider,
            "employee": employee,
            "representative": representative,
            "council_member": council_member,
            "coordinator": coordinator,
        },
        objects={},
    )
    with translation.override(LANGUAGE):
        _members(
            world,
            representative=representative,
            employee=employee,
            council_member=council_member,
        )
        _governance(world, coordinator=coordinator)
        _elections(world, coordinator=coordinator)
        _events(world, employee=employee, coordinator=coordinator)
        _agreements(world)
        _news(world)
        _cooperation_contacts(world, representative=representative, council_member=council_member)
        _cooperation_board(world)
        _cooperation_purchases(world, representative=representative, council_member=council_member)
        _projects(world, coordinator=coordinator)
        _meetings(world, coordinator=coordinator)
        _minutes(world, coordinator=coordinator)
        _attendance(world, coordinator=coordinator)
        for part in PARTS:
            part.build(
                world,
                outsider=outsider,
                employee=employee,
                representative=representative,
                council_member=council_member,
                coordinator=coordinator,
            )
    world.kwargs = _url_kwargs(world.objects)
    for part in PARTS:
        world.kwargs.update(part.url_kwargs(world.objects))
    return world


def _url_kwargs(o):
    """The kwargs of every URL that takes some, by URL name."""
    pk = lambda name: {"pk": o[name].pk}  # noqa: E731
    slug = lambda name: {"slug": o[name].slug}  # noqa: E731
    bad_token = {"token": "not-a-real-token"}
    return {
        # The media files of the public uploads: nothing stored, a missing file answers 404.
        "media": {"path": "logos/missing.png"},
        "newsletter_one_click": Variants(valid={"token": o["subscriber"].token}, bad=bad_token),
        "invitation_accept": Variants(valid={"token": o["invitation_token"]}, bad=bad_token),
        "account_confirm_email": {"key": o["email_confirmation_key"]},
        "account_reset_password_from_key": {
            "uidb36": o["reset_uidb36"],
            "key": o["reset_key"],
        },
        # Members.
        "members:profile": Variants(
            member=slug("represented_organisation"), suspended=slug("suspended_organisation")
        ),
        "profile:person_edit": Variants(own=pk("colleague"), foreign=pk("other_person")),
        "profile:person_delete": Variants(own=pk("colleague"), foreign=pk("other_person")),
        "profile:person_invite": Variants(own=pk("colleague"), foreign=pk("other_person")),
        "panel:member_detail": pk("other_organisation"),
        "panel:member_edit": pk("other_organisation"),
        "panel:member_status": pk("other_organisation"),
        "panel:member_approve": pk("applicant"),
        "panel:member_reject": pk("applicant"),
        "panel:member_audit": pk("other_organisation"),
        "panel:person_create": pk("other_organisation"),
        "panel:person_edit": pk("other_person"),
        "panel:person_delete": pk("other_person"),
        "panel:person_invite": pk("other_person"),
        "panel:person_make_primary": pk("other_person"),
        "panel:action_group_edit": pk("action_group"),
        "panel:sector_edit": pk("sector"),
        "panel:competence_edit": pk("competence"),
        "panel:competence_delete": pk("competence"),
        "panel:council_seat_end": pk("council_seat"),
        # Governance.
        "resolutions:detail": Variants(
            public=pk("public_resolution"),
            members=pk("open_resolution"),
            council=pk("council_resolution"),
            draft=pk("draft_resolution"),
        ),
        "resolutions:edit": pk("draft_resolution"),
        "resolutions:delete": pk("draft_resolution"),
        "resolutions:open_vote": pk("draft_resolution"),
        "resolutions:close_vote": pk("open_resolution"),
        "resolutions:vote": pk("open_resolution"),
        "resolutions:proxy": pk("open_resolution"),
        "resolutions:pdf": Variants(
            public=pk("public_resolution"), council=pk("council_resolution")
        ),
        "resolutions:attachment": Variants(
            public=pk("public_resolution_attachment"),
            council=pk("council_resolution_attachment"),
        ),
        "resolutions:strategy": pk("strategy"),
        "resolutions:plan": pk("plan"),
        "resolutions:plan_pdf": pk("plan"),
        "panel_resolutions:body_edit": pk("council_body"),
        "panel_resolutions:meeting_vote": pk("draft_resolution"),
        "panel_resolutions:proxy_document": pk("proxy_voter"),
        "panel_resolutions:strategy_edit": pk("strategy"),
        "panel_resolutions:goal_create": {"strategy_pk": o["strategy"].pk},
        "panel_resolutions:goal_edit": pk("goal"),
        "panel_resolutions:plan_edit": pk("plan"),
        "panel_resolutions:item_create": {"plan_pk": o["plan"].pk},
        "panel_resolutions:item_edit": pk("plan_item"),
        "panel_resolutions:plan_pdf_generate": pk("plan"),
        "elections:detail": pk("voting_election"),
        "elections:nominate": pk("nominating_election"),
        "elections:vote": pk("voting_election"),
        "elections:results_pdf": pk("closed_election"),
        "elections:consent": Variants(
            valid={"token": o["pending_candidate"].consent_token}, bad=bad_token
        ),
        "panel_elections:detail": pk("voting_election"),
        "panel_elections:edit": pk("nominating_election"),
        "panel_elections:nominate": pk("nominating_election"),
        "panel_elections:nominations_close": pk("nominating_election"),
        "panel_elections:voting_open": pk("nominating_election"),
        "panel_elections:paper_totals": pk("paper_election"),
        "panel_elections:close": pk("voting_election"),
        "panel_elections:cancel": pk("nominating_election"),
        "panel_elections:results_pdf": pk("closed_election"),
        # Events.
        "events:guest_confirm": Variants(valid={"token": o["guest_token"]}, bad=bad_token),
        "events:registration": Variants(valid={"token": o["registration"].token}, bad=bad_token),
        "events:registration_cancel": Variants(
            valid={"token": o["guest_registration"].token}, bad=bad_token
        ),
        "events:detail": Variants(
            public=slug("public_event"),
            members=slug("members_event"),
            group=slug("group_event"),
            draft=slug("draft_event"),
        ),
        "events:ics": Variants(public=slug("public_event"), members=slug("members_event")),
        "events:register": Variants(public=slug("public_event"), members=slug("members_event")),
        "events:register_colleague": Variants(
            public=slug("public_event"), members=slug("members_event")
        ),
        "events:register_guest": Variants(
            public=slug("public_event"), members=slug("members_event")
        ),
        "panel_events:detail": pk("members_event"),
        "panel_events:edit": pk("members_event"),
        "panel_events:publish": pk("draft_event"),
        "panel_events:cancel": pk("members_event"),
        "panel_events:registrants": pk("members_event"),
        "panel_events:registrants_csv": pk("members_event"),
        "panel_events:registrants_xlsx": pk("members_event"),
        "panel_events:check_in": pk("members_event"),
        "panel_events:attendance_list_request": pk("members_event"),
        "panel_events:certificates_request": pk("members_event"),
        "panel_events:attendance": pk("registration"),
        "panel_events:registration_cancel": pk("registration"),
        "panel_events:document": pk("event_document"),
        # Agreements.
        "partnerships:partner": Variants(
            in_force=slug("partner"), negotiating=slug("negotiating_partner")
        ),
        "partnerships:agreement": Variants(in_force=pk("agreement"), draft=pk("draft_agreement")),
        "partnerships:agreement_scan": pk("agreement"),
        "partnerships:agreement_document": pk("agreement"),
        "panel_agreements:agreement_detail": pk("agreement"),
        "panel_agreements:agreement_edit": pk("draft_agreement"),
        "panel_agreements:agreement_negotiate": pk("draft_agreement"),
        "panel_agreements:agreement_send": pk("draft_agreement"),
        "panel_agreements:agreement_reopen": pk("awaiting_agreement"),
        "panel_agreements:agreement_terminate": pk("agreement"),
        "panel_agreements:agreement_scan_upload": pk("agreement"),
        "panel_agreements:agreement_document": pk("agreement"),
        "panel_agreements:party_add": pk("draft_agreement"),
        "panel_agreements:party_edit": pk("agreement_party"),
        "panel_agreements:party_signature": pk("awaiting_party"),
        "panel_agreements:party_remove": pk("draft_party"),
        "panel_agreements:partner_edit": pk("partner"),
        "projects:detail": Variants(public=slug("public_project"), members=slug("members_project")),
        "projects:document": {
            "slug": o["public_project"].slug,
            "pk": o["project_document"].pk,
        },
        "panel_projects:detail": pk("public_project"),
        "panel_projects:edit": pk("public_project"),
        "panel_projects:status": pk("public_project"),
        "panel_projects:partner_add": pk("public_project"),
        "panel_projects:partner_edit": pk("project_partner"),
        "panel_projects:partner_remove": pk("project_partner"),
        "panel_projects:document_add": pk("public_project"),
        "panel_projects:document_remove": pk("project_document"),
        "panel_projects:call_edit": pk("funding_call"),
        "panel_projects:call_delete": pk("funding_call"),
        "panel_projects:idea_accept": pk("project_idea"),
        "panel_projects:idea_decline": pk("project_idea"),
        # News.
        "news:category": {"category": Article.Category.CLUSTER},
        "news:article": Variants(published=slug("article"), draft=slug("draft_article")),
        "newsletter:confirm": Variants(valid={"token": o["confirmation_token"]}, bad=bad_token),
        "newsletter:preferences": Variants(valid={"token": o["subscriber"].token}, bad=bad_token),
        "newsletter:unsubscribe": Variants(valid={"token": o["subscriber"].token}, bad=bad_token),
        "pages:detail": slug("page"),
        # Cooperation: the board.
        "cooperation:detail": Variants(
            public=pk("public_post"),
            members=pk("members_post"),
            pending=pk("pending_post"),
            hidden=pk("hidden_post"),
        ),
        "cooperation:attachment": Variants(
            public=pk("public_attachment"),
            members=pk("members_attachment"),
            pending=pk("pending_attachment"),
        ),
        "cooperation:edit": pk("pending_post"),
        "cooperation:attachment_add": pk("pending_post"),
        "cooperation:attachment_remove": pk("pending_attachment"),
        "cooperation:withdraw": pk("pending_post"),
        "cooperation:fulfil": pk("public_post"),
        "panel_cooperation:detail": pk("pending_post"),
        "panel_cooperation:approve": pk("pending_post"),
        "panel_cooperation:hide": pk("pending_post"),
        "panel_cooperation:unhide": pk("hidden_post"),
        # Meetings: the members' pages and the panel.
        "meetings:detail": Variants(
            assembly=pk("assembly_meeting"),
            council=pk("council_meeting"),
            draft=pk("draft_meeting"),
        ),
        "meetings:ics": Variants(assembly=pk("assembly_meeting"), council=pk("council_meeting")),
        "meetings:document": Variants(
            assembly=pk("assembly_meeting_document"),
            council=pk("council_meeting_document"),
            draft=pk("draft_meeting_document"),
        ),
        "meetings:open": pk("assembly_meeting"),
        "meetings:close": pk("assembly_meeting"),
        "panel_meetings:detail": pk("draft_meeting"),
        "panel_meetings:edit": pk("draft_meeting"),
        "panel_meetings:convene": pk("draft_meeting"),
        "panel_meetings:cancel": pk("draft_meeting"),
        "panel_meetings:item_create": pk("draft_meeting"),
        "panel_meetings:document_add": pk("draft_meeting"),
        "panel_meetings:item_edit": pk("draft_meeting_item"),
        "panel_meetings:item_delete": pk("draft_meeting_item"),
        "panel_meetings:item_move": pk("draft_meeting_item"),
        "panel_meetings:document": pk("council_meeting_document"),
        "panel_meetings:document_remove": pk("draft_meeting_document"),
        # Minutes: the secretary's draft, the approval at a later meeting, the approved PDFs.
        "meetings:minutes_edit": pk("minutes_meeting"),
        "meetings:minutes_draft": pk("minutes_meeting"),
        "meetings:minutes_approve": pk("approving_item"),
        "meetings:minutes_pdf": Variants(
            assembly=pk("archived_meeting_minutes"), council=pk("archived_council_minutes")
        ),
        "panel_meetings:minutes": pk("minutes_meeting"),
        "panel_meetings:minutes_draft": pk("minutes_meeting"),
        "panel_meetings:minutes_pdf": pk("archived_council"),
        # Attendance, proxies and votes at the meeting.
        "meetings:attendance": pk("session_meeting"),
        "meetings:check_in": pk("session_meeting"),
        "meetings:self_check_in": pk("session_meeting"),
        "meetings:leave": pk("meeting_attendance"),
        "meetings:proxy_grant": pk("assembly_meeting"),
        "meetings:proxy_withdraw": pk("meeting_proxy"),
        "meetings:proxy_document": pk("meeting_proxy"),
        "meetings:votes": pk("session_meeting"),
        "meetings:resolution_vote": {
            "pk": o["vote_item"].pk,
            "resolution_pk": o["vote_resolution"].pk,
        },
        "meetings:election_quorum": pk("election_item"),
        "resolutions:proxy_withdraw": pk("open_resolution"),
        # Cooperation: contacts and matching.
        "cooperation:interested": pk("contact_post"),
        "cooperation:contact": pk("contact"),
        "cooperation:contact_fulfil": pk("contact"),
        "cooperation_one_click": Variants(
            valid={"token": o["match_subscription"].token}, bad=bad_token
        ),
        "panel_news:article_edit": pk("draft_article"),
        "panel_news:page_edit": pk("page"),
        "panel_news:campaign_detail": pk("campaign"),
        "panel_news:campaign_edit": pk("campaign"),
        "panel_news:campaign_send": pk("campaign"),
        "panel_news:campaign_unschedule": pk("campaign"),
        "panel_news:campaign_test": pk("campaign"),
        "panel_news:campaign_preview": {"pk": o["campaign"].pk, "language": LANGUAGE},
        "panel_news:campaign_preview_html": {"pk": o["campaign"].pk, "language": LANGUAGE},
        # Cooperation: joint purchases.
        "cooperation:purchase_join": pk("joint_purchase"),
        "cooperation:purchase_update": pk("joint_purchase"),
        "cooperation:purchase_withdraw": pk("joint_purchase"),
        "cooperation:purchase_manage": pk("joint_purchase"),
        "cooperation:purchase_csv": pk("joint_purchase"),
        "cooperation:purchase_xlsx": pk("joint_purchase"),
        "cooperation:purchase_close": pk("joint_purchase"),
        "cooperation:purchase_cancel": pk("joint_purchase"),
        "panel_cooperation:purchase_detail": pk("joint_purchase"),
        "panel_cooperation:purchase_csv": pk("joint_purchase"),
        "panel_cooperation:purchase_xlsx": pk("joint_purchase"),
        # The admin: the index and the changelist of organisations stand for every admin page.
        "admin:app_list": {"app_label": "members"},
    }


# --- The URLs -----------------------------------------------------------------------------------

# The admin has hundreds of URLs of one kind; these stand for them (see url_cases).
ADMIN_SAMPLES = (
    "admin:index",
    "admin:login",
    "admin:app_list",
    "admin:members_organisation_changelist",
)


def _methods_of(callback):
    """Return the HTTP methods a view accepts, from `require_http_methods` or a class view."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return frozenset(
            method.upper()
            for method in view_class.http_method_names
            if hasattr(view_class, method) and method != "options"
        )
    function = callback
    while function is not None:
        for cell in getattr(function, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(item, str) and item.isupper() for item in value)
            ):
                return frozenset(value)
        function = getattr(function, "__wrapped__", None)
    return None


def walk_urlconf():
    """Yield (name, route, callback) for every URL pattern, namespaced, admin included."""

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if pattern.name is None:
                    name = UNNAMED.get(str(pattern.pattern), f"<unnamed {route}>")
                    if namespace:
                        name = f"{namespace}:{name}"
                else:
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, route, pattern.callback

    with translation.override(LANGUAGE):
        yield from walk(get_resolver(), "", None)


_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def _needs_kwargs(route):
    return bool(_ARGUMENT.search(route))


def url_cases(world, *, admin_samples=ADMIN_SAMPLES):
    """Return one case per URL pattern (per variant where the world has several).

    The admin's URLs are represented by `admin_samples`: no persona is staff, so every admin page
    answers the same way. Raises AssertionError naming every URL the world has no kwargs for.
    """
    cases, missing, seen = [], [], set()
    for name, route, callback in walk_urlconf():
        if name.startswith("admin:") and name not in admin_samples:
            continue
        if name in seen:
            continue
        seen.add(name)
        methods = _methods_of(callback)
        given = world.kwargs.get(name)
        if given is None and _needs_kwargs(route):
            missing.append(name)
            continue
        variants = given if isinstance(given, Variants) else {"": given or {}}
        for variant, kwargs in variants.items():
            kwargs = dict(kwargs)
            query = kwargs.pop(QUERY, "")
            if name.startswith("<") or name in UNNAMED.values():
                path = "/" + _fill(route, kwargs)
            else:
                with translation.override(LANGUAGE):
                    path = reverse(name, kwargs=kwargs)
            if query:
                path = f"{path}?{query}"
            cases.append(UrlCase(name=name, variant=variant, path=path, methods=methods))
    assert not missing, "".join(f"\nadd kwargs for {name} to world.py" for name in missing)
    return cases


def _fill(route, kwargs):
    return _ARGUMENT.sub(lambda match: str(kwargs[match.group(1) or match.group(2)]), route)
