"""Demo events: a few past and upcoming ones, including a good-practice visit at a member.

Each event is found by its slug first, so a second run writes nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from members.models import ActionGroup, Organisation, Person

from .models import Event, EventQuestion, Registration

WARSAW = ZoneInfo("Europe/Warsaw")


@dataclass
class DemoEvent:
    slug: str
    kind: str
    title: dict
    description: dict
    days_from_today: int
    start: time
    hours: float
    audience: str = Event.Audience.MEMBERS
    venue: str = ""
    online_url: str = ""
    capacity: int | None = None
    per_organisation_limit: int | None = None
    hosted_by_member: bool = False
    for_action_group: bool = False
    programme: dict = field(default_factory=dict)
    questions: tuple = ()
    attendees: int = 0


DIETARY = {
    "kind": EventQuestion.Kind.TEXT,
    "label_pl": "Wymagania dietetyczne",
    "label_en": "Dietary needs",
    "label_de": "Ernährungsbedürfnisse",
}
PHOTOS = {
    "kind": EventQuestion.Kind.YES_NO,
    "label_pl": "Zgoda na fotografowanie podczas wydarzenia",
    "label_en": "Consent to being photographed at the event",
    "label_de": "Einwilligung in Fotoaufnahmen während der Veranstaltung",
    "required": True,
}
ROOM = {
    "kind": EventQuestion.Kind.CHOICE,
    "label_pl": "Zakwaterowanie",
    "label_en": "Accommodation",
    "options_pl": "Pokój jednoosobowy\nPokój dwuosobowy\nBez noclegu",
    "options_en": "Single room\nDouble room\nNo accommodation",
    "required": True,
}

DEMO_EVENTS = (
    DemoEvent(
        slug="dobre-praktyki-wizyta-u-czlonka",
        kind=Event.Kind.GOOD_PRACTICES,
        title={
            "pl": "Dobre praktyki: wizyta w zakładzie członka klastra",
            "en": "Good practices: a visit to a member's plant",
            "de": "Gute Praxis: Besuch im Werk eines Mitglieds",
        },
        description={
            "pl": "Spotkanie z cyklu „Dobre praktyki”, które dwa razy w roku gości u jednego z "
            "członków. Gospodarz pokazuje, jak wdrożył automatyzację produkcji i system MES, "
            "a potem rozmawiamy o tym, co się udało, a co nie.",
            "en": "A meeting of the “Good practices” series, hosted twice a year by a member. "
            "The host shows how it introduced production automation and an MES system, then we "
            "talk about what worked and what did not.",
        },
        programme={
            "pl": "10:00 Powitanie i kawa\n10:30 Zwiedzanie hali produkcyjnej\n12:00 Studium "
            "przypadku: wdrożenie MES\n13:00 Dyskusja i lunch",
            "en": "10:00 Welcome and coffee\n10:30 Tour of the production hall\n12:00 Case "
            "study: introducing MES\n13:00 Discussion and lunch",
        },
        days_from_today=24,
        start=time(10, 0),
        hours=4,
        capacity=25,
        per_organisation_limit=2,
        hosted_by_member=True,
        questions=(DIETARY, PHOTOS),
    ),
    DemoEvent(
        slug="seminarium-cyberbezpieczenstwo-w-msp",
        kind=Event.Kind.SEMINAR,
        title={
            "pl": "Seminarium: cyberbezpieczeństwo w MŚP",
            "en": "Seminar: cybersecurity in SMEs",
            "de": "Seminar: Cybersicherheit in KMU",
        },
        description={
            "pl": "Dyrektywa NIS2 w praktyce małych i średnich firm: obowiązki, pierwsze kroki "
            "i doświadczenia członków klastra.",
            "en": "The NIS2 directive in the practice of small and medium-sized companies: "
            "duties, first steps and the experience of cluster members.",
        },
        days_from_today=10,
        start=time(9, 30),
        hours=3.5,
        audience=Event.Audience.PUBLIC,
        venue="Centrum Konferencyjne, ul. Trzy Lipy 3, Gdańsk",
        capacity=60,
        questions=(DIETARY,),
    ),
    DemoEvent(
        slug="webinar-fundusze-europejskie-2026",
        kind=Event.Kind.WEBINAR,
        title={
            "pl": "Webinar: fundusze europejskie dla innowacji 2026",
            "en": "Webinar: European funds for innovation 2026",
        },
        description={
            "pl": "Przegląd naborów na rok 2026 i odpowiedzi na pytania uczestników.",
            "en": "An overview of the 2026 calls for proposals and answers to questions.",
        },
        days_from_today=5,
        start=time(13, 0),
        hours=1.5,
        audience=Event.Audience.PUBLIC,
        online_url="https://meet.klaster.example/fundusze-2026",
    ),
    DemoEvent(
        slug="misja-gospodarcza-hamburg",
        kind=Event.Kind.MISSION,
        title={
            "pl": "Misja gospodarcza do Hamburga",
            "en": "Trade mission to Hamburg",
            "de": "Wirtschaftsmission nach Hamburg",
        },
        description={
            "pl": "Trzy dni spotkań B2B z firmami z Hamburga i wizyty w tamtejszym klastrze "
            "logistycznym.",
            "en": "Three days of B2B meetings with Hamburg companies and visits to the local "
            "logistics cluster.",
        },
        days_from_today=60,
        start=time(8, 0),
        hours=58,
        venue="Hamburg",
        capacity=12,
        per_organisation_limit=1,
        questions=(ROOM,),
    ),
    DemoEvent(
        slug="spotkanie-strategiczne-grupy-roboczej",
        kind=Event.Kind.STRATEGY_MEETING,
        title={
            "pl": "Spotkanie strategiczne grupy roboczej",
            "en": "Strategy meeting of the action group",
        },
        description={
            "pl": "Plan działań grupy na następne półrocze.",
            "en": "The group's plan of work for the next six months.",
        },
        days_from_today=17,
        start=time(15, 0),
        hours=2,
        online_url="https://meet.klaster.example/grupa",
        for_action_group=True,
    ),
    DemoEvent(
        slug="spotkanie-integracyjne-klastra",
        kind=Event.Kind.INTEGRATION_MEETING,
        title={
            "pl": "Coroczne spotkanie integracyjne klastra",
            "en": "The cluster's yearly integration meeting",
        },
        description={
            "pl": "Wieczór dla wszystkich członków: podsumowanie roku i rozmowy przy kolacji.",
            "en": "An evening for all members: the year in review and conversations over dinner.",
        },
        days_from_today=-45,
        start=time(18, 0),
        hours=4,
        venue="Hotel Nadmorski, Gdynia",
        capacity=120,
        attendees=8,
    ),
    DemoEvent(
        slug="warsztaty-design-thinking",
        kind=Event.Kind.WORKSHOP,
        title={"pl": "Warsztaty: design thinking", "en": "Workshop: design thinking"},
        description={
            "pl": "Praktyczne warsztaty projektowania usług z udziałem klientów.",
            "en": "A hands-on workshop on designing services together with customers.",
        },
        days_from_today=-20,
        start=time(10, 0),
        hours=6,
        audience=Event.Audience.PUBLIC,
        venue="Politechnika Nadbałtycka, Gdańsk",
        capacity=20,
        attendees=5,
    ),
)


def _at(today, days, start):
    return datetime.combine(today + timedelta(days=days), start, tzinfo=WARSAW)


def _host():
    """A company among the active members, to host the good-practice visit."""
    members = Organisation.objects.active().order_by("name")
    return members.filter(kind__in=["large", "medium"]).first() or members.first()


def _create(plan, *, today, host, action_group):
    starts_at = _at(today, plan.days_from_today, plan.start)
    audience = plan.audience
    if plan.for_action_group:
        audience = Event.Audience.ACTION_GROUP if action_group else Event.Audience.MEMBERS
    event = Event.objects.create(
        slug=plan.slug,
        kind=plan.kind,
        **{f"title_{code}": text for code, text in plan.title.items()},
        **{f"description_{code}": text for code, text in plan.description.items()},
        **{f"programme_{code}": text for code, text in plan.programme.items()},
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=plan.hours),
        venue=plan.venue,
        online_url=plan.online_url,
        host_organisation=host if plan.hosted_by_member else None,
        capacity=plan.capacity,
        per_organisation_limit=plan.per_organisation_limit,
        audience=audience,
        action_group=action_group if audience == Event.Audience.ACTION_GROUP else None,
        status=Event.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    for position, question in enumerate(plan.questions):
        EventQuestion.objects.create(event=event, position=position, **question)
    return event


def _attendees(event, count):
    """Mark people of active members as having attended a past event."""
    people = (
        Person.objects.filter(organisation__status=Organisation.Status.ACTIVE)
        .select_related("organisation")
        .order_by("pk")[:count]
    )
    for sequence, person in enumerate(people, start=1):
        Registration.objects.create(
            event=event,
            sequence=sequence,
            status=Registration.Status.ATTENDED,
            person=person,
            organisation=person.organisation,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            organisation_name=person.organisation.name,
            language=person.language,
            token=Registration.new_token(),
            checked_in_at=event.starts_at,
        )
    event.last_sequence = len(people)
    event.save(update_fields=["last_sequence"])


@transaction.atomic
def demo_events_seed(*, today=None):
    """Create the demo events that do not exist yet; return how many were created."""
    today = today or timezone.localdate()
    existing = set(
        Event.objects.filter(slug__in=[e.slug for e in DEMO_EVENTS]).values_list("slug", flat=True)
    )
    host = _host()
    action_group = ActionGroup.objects.order_by("name").first()
    created = 0
    for plan in DEMO_EVENTS:
        if plan.slug in existing:
            continue
        event = _create(plan, today=today, host=host, action_group=action_group)
        if plan.attendees:
            _attendees(event, plan.attendees)
        created += 1
    return created
