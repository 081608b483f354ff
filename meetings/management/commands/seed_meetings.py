"""Demo meetings: two past Member Assemblies and an upcoming Council meeting.

The earlier Assembly, held before the current council term, elected the Council (its elected
candidates are the demo's councillors for the term) and its minutes were approved at the later
Assembly, which approved them, heard the annual report, adopted the demo strategy resolution and
has draft minutes (approved at the next Assembly). A Council meeting is convened for two weeks
from now with its agenda and a document. Running it again changes nothing; it sends no e-mail.
"""

import datetime
import math
import secrets

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.pdf import pdf_render
from elections import services as election_services
from elections.models import Candidate, Election
from meetings import services
from meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingDocument,
    MeetingProxy,
    Minutes,
    QuorumRecord,
)
from members.models import CouncilSeat, Organisation, Person
from resolutions.models import GoverningBody, Resolution

PLACE = "Gdańsk, Centrum Konferencyjne, ul. Długie Pobrzeże 1"
COUNCIL_PLACE = "Gdańsk, siedziba Koordynatora Klastra, ul. Grunwaldzka 100"
ONLINE = "https://meet.klaster.example/rada"
EARLIER_TITLE = {
    "pl": "Zwyczajne Zgromadzenie Uczestników: wybory Rady Klastra",
    "en": "Ordinary Member Assembly: election of the Cluster Council",
}
LATER_TITLE = {
    "pl": "Zwyczajne Zgromadzenie Uczestników",
    "en": "Ordinary Member Assembly",
}
COUNCIL_TITLE = {"pl": "Posiedzenie Rady Klastra", "en": "Cluster Council meeting"}


def _translated(field, values):
    return {f"{field}_{code}": text for code, text in values.items()}


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _document(title, paragraphs):
    return ContentFile(
        pdf_render(
            template="pdf/meeting_demo_document.html",
            context={"title": title, "paragraphs": paragraphs},
            language="pl",
        )
    )


class Command(BaseCommand):
    help = (
        "Add demo meetings: a past Member Assembly with an election and approved minutes, a later "
        "one with draft minutes, and an upcoming Council meeting. Running it again changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        bodies = {body.slug: body for body in GoverningBody.objects.all()}
        assembly, council = bodies.get("member-assembly"), bodies.get("council")
        if assembly is None or council is None:
            self.stdout.write("Demo meetings: no governing bodies (run seed_governance first).")
            return
        if Meeting.objects.filter(body=assembly, title_pl=EARLIER_TITLE["pl"]).exists():
            self.stdout.write("Demo meetings: already there.")
            return
        today = timezone.localdate()
        seats = list(CouncilSeat.objects.in_office(on=today).select_related("person__organisation"))
        members = list(
            Organisation.objects.active()
            .filter(primary_representative__isnull=False)
            .select_related("primary_representative")
            .order_by("name")
        )
        if not seats or len(members) < 10:
            self.stdout.write("Demo meetings: the demo cluster has no council or members.")
            return
        self.chair = next((seat.person for seat in seats if seat.is_chair), seats[0].person)
        self.secretary = next(seat.person for seat in seats if seat.person != self.chair)
        self.members = members
        term_start = min(seat.term_start for seat in seats)
        term_end = max(seat.term_end or seat.term_start for seat in seats)
        strategy = (
            Resolution.objects.filter(
                body=assembly, method=Resolution.Method.MEETING, outcome="adopted"
            )
            .order_by("meeting_date")
            .first()
        )
        later_day = strategy.meeting_date if strategy else today - datetime.timedelta(days=60)
        earlier_day = min(
            term_start - datetime.timedelta(days=40), later_day - datetime.timedelta(days=120)
        )
        earlier = self._earlier_assembly(assembly, earlier_day, seats, term_start, term_end)
        later = self._later_assembly(assembly, later_day, earlier, strategy)
        upcoming = self._council_meeting(council, today + datetime.timedelta(days=14))
        self.stdout.write(
            f"Demo meetings: Assembly {earlier.number_display} (election, approved minutes), "
            f"Assembly {later.number_display} (draft minutes), Council "
            f"{upcoming.number_display} convened."
        )

    # --- Helpers --------------------------------------------------------------------------------

    def _meeting(self, body, day, title, *, status, hour=10, **fields):
        starts_at = _at(day, hour)
        latest = Meeting.objects.filter(body=body, year=day.year).aggregate(n=Max("number"))["n"]
        meeting = Meeting.objects.create(
            body=body,
            number=(latest or 0) + 1,
            year=day.year,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            status=status,
            chair=self.chair,
            secretary=self.secretary,
            notice_sent_at=starts_at - datetime.timedelta(days=21),
            **_translated("title", title),
            **fields,
        )
        if status == Meeting.Status.CLOSED:
            meeting.opened_at = starts_at
            meeting.closed_at = meeting.ends_at
            meeting.save(update_fields=["opened_at", "closed_at"])
        return meeting

    def _agenda(self, meeting, items):
        created = []
        for order, (kind, title, extra) in enumerate(items, start=1):
            resolutions = extra.pop("resolutions", [])
            item = AgendaItem.objects.create(
                meeting=meeting, order=order, kind=kind, **_translated("title", title), **extra
            )
            item.resolutions.set(resolutions)
            created.append(item)
        return created

    def _attendance(self, meeting, share_present, *, proxy=False):
        """Check in a share of the members' representatives (a few online); with `proxy`, one
        absent member is represented by a colleague holding its proxy. Return (present, proxies)."""
        members = self.members
        present = members[: math.ceil(len(members) * share_present)]
        when = meeting.starts_at
        for number, organisation in enumerate(present):
            Attendance.objects.create(
                meeting=meeting,
                person=organisation.primary_representative,
                organisation=organisation,
                mode=Attendance.Mode.ONLINE if number % 7 == 3 else Attendance.Mode.IN_PERSON,
                checked_in_at=when + datetime.timedelta(minutes=number % 20),
            )
        proxies = 0
        if proxy:
            for organisation in members[len(present) :]:
                holder = (
                    Person.objects.filter(organisation=organisation)
                    .exclude(pk=organisation.primary_representative_id)
                    .order_by("pk")
                    .first()
                )
                if holder is None:
                    continue
                document = MeetingProxy(
                    meeting=meeting,
                    organisation=organisation,
                    granted_by=organisation.primary_representative,
                    holder=holder,
                    used_at=when,
                )
                document.document.save(
                    f"proxy-{meeting.pk}-{organisation.pk}.pdf",
                    _document(
                        "Pełnomocnictwo",
                        [
                            f"{organisation.name} udziela pełnomocnictwa {holder.full_name} do "
                            f"udziału i głosowania na posiedzeniu „{meeting.title_pl}”.",
                            organisation.primary_representative.full_name,
                        ],
                    ),
                    save=False,
                )
                document.save()
                Attendance.objects.create(
                    meeting=meeting,
                    person=holder,
                    mode=Attendance.Mode.IN_PERSON,
                    checked_in_at=when + datetime.timedelta(minutes=5),
                )
                proxies = 1
                break
        return len(present), proxies

    def _quorum(self, meeting, item, present, proxies, **fields):
        eligible = len(self.members)
        record = QuorumRecord.objects.create(
            meeting=meeting,
            agenda_item=item,
            eligible=eligible,
            present=present,
            by_proxy=proxies,
            required=math.ceil(eligible * meeting.body.quorum_percent / 100),
            **fields,
        )
        # Recorded at the vote, an hour into the meeting (not when the demo was seeded).
        QuorumRecord.objects.filter(pk=record.pk).update(
            recorded_at=meeting.starts_at + datetime.timedelta(hours=1)
        )

    # --- The meetings ---------------------------------------------------------------------------

    def _election(self, assembly, day, seats, term_start, term_end, ballots):
        opens = _at(day, 11)
        election = Election.objects.create(
            body=assembly,
            title_pl=f"Wybory do Rady Klastra na kadencję {term_start.year}–{term_end.year}",
            title_en=f"Election of the Cluster Council for {term_start.year}–{term_end.year}",
            title=f"Wybory do Rady Klastra na kadencję {term_start.year}–{term_end.year}",
            target=Election.Target.COUNCIL,
            seats=len(seats),
            term_start=term_start,
            term_end=term_end,
            method=Election.Method.PAPER,
            status=Election.Status.CLOSED,
            nominations_close_at=opens,
            voting_opens_at=opens,
            voting_closes_at=opens + datetime.timedelta(minutes=40),
            eligible_count=len(self.members),
            participant_count=ballots,
            closed_at=opens + datetime.timedelta(minutes=40),
        )
        seated = {seat.person_id for seat in seats}
        others = [
            organisation.primary_representative
            for organisation in self.members
            if organisation.primary_representative_id not in seated
        ][:2]
        people = [seat.person for seat in seats] + others
        for rank, person in enumerate(people):
            Candidate.objects.create(
                election=election,
                person=person,
                nominated_by=self.chair,
                consented_at=opens - datetime.timedelta(days=10),
                votes=self._votes(rank, len(seats), ballots),
                elected=person.pk in seated,
                consent_token=secrets.token_urlsafe(32),
            )
        return election_services.election_results_pdf_store(election_id=election.pk)

    @staticmethod
    def _votes(rank, seats, ballots):
        """Votes of the candidate ranked `rank`: the elected from all ballots down to just over
        half of them, the others under a third, so the count elects exactly the seated."""
        if rank < seats:
            return ballots - (rank * ballots) // (2 * seats)
        return max(ballots // 3 - (rank - seats), 0)

    def _earlier_assembly(self, assembly, day, seats, term_start, term_end):
        meeting = self._meeting(
            assembly, day, EARLIER_TITLE, status=Meeting.Status.CLOSED, place=PLACE
        )
        present, proxies = self._attendance(meeting, 0.6)
        election = self._election(assembly, day, seats, term_start, term_end, present + proxies)
        items = self._agenda(
            meeting,
            [
                (
                    AgendaItem.Kind.OTHER,
                    {
                        "pl": "Otwarcie Zgromadzenia i stwierdzenie prawomocności obrad",
                        "en": "Opening and the quorum",
                    },
                    {
                        "notes": (
                            "Przewodniczący stwierdził, że Zgromadzenie zostało zwołane "
                            "prawidłowo i jest zdolne do podejmowania uchwał."
                        )
                    },
                ),
                (
                    AgendaItem.Kind.REPORT,
                    {
                        "pl": "Sprawozdanie Rady Klastra z kadencji",
                        "en": "The Council's report on its term",
                    },
                    {
                        "notes": (
                            "Sprawozdanie przedstawiła Przewodnicząca Rady. Pytań nie zgłoszono."
                        )
                    },
                ),
                (
                    AgendaItem.Kind.ELECTION,
                    {"pl": "Wybory do Rady Klastra", "en": "Election of the Cluster Council"},
                    {
                        "election": election,
                        "notes": (
                            "Głosowanie tajne na kartach; "
                            "komisja skrutacyjna w składzie trzyosobowym."
                        ),
                    },
                ),
                (
                    AgendaItem.Kind.OTHER,
                    {
                        "pl": "Wolne wnioski i zamknięcie obrad",
                        "en": "Any other business and closing",
                    },
                    {
                        "notes": (
                            "Zgłoszono wniosek o organizację spotkań „Dobre praktyki” u członków."
                        )
                    },
                ),
            ],
        )
        self._quorum(meeting, items[2], present, proxies, election=election)
        return meeting

    def _later_assembly(self, assembly, day, earlier, strategy):
        meeting = self._meeting(
            assembly, day, LATER_TITLE, status=Meeting.Status.CLOSED, place=PLACE
        )
        present, proxies = self._attendance(meeting, 0.55, proxy=True)
        year = day.year - 1
        items = self._agenda(
            meeting,
            [
                (
                    AgendaItem.Kind.OTHER,
                    {
                        "pl": "Otwarcie Zgromadzenia i stwierdzenie prawomocności obrad",
                        "en": "Opening and the quorum",
                    },
                    {},
                ),
                (
                    AgendaItem.Kind.MINUTES,
                    {
                        "pl": f"Przyjęcie protokołu z posiedzenia nr {earlier.number_display}",
                        "en": f"Approval of the minutes of meeting no. {earlier.number_display}",
                    },
                    {"minutes_of": earlier},
                ),
                (
                    AgendaItem.Kind.REPORT,
                    {
                        "pl": f"Sprawozdanie roczne z działalności klastra za {year} r.",
                        "en": f"Annual report of the cluster for {year}",
                    },
                    {
                        "notes": (
                            "Koordynator przedstawił sprawozdanie; Zgromadzenie "
                            "przyjęło je do wiadomości."
                        )
                    },
                ),
                (
                    AgendaItem.Kind.RESOLUTIONS,
                    {
                        "pl": "Uchwała w sprawie Strategii rozwoju klastra",
                        "en": "Resolution on the cluster development strategy",
                    },
                    {"resolutions": [strategy] if strategy else []},
                ),
                (
                    AgendaItem.Kind.OTHER,
                    {
                        "pl": "Wolne wnioski i zamknięcie obrad",
                        "en": "Any other business and closing",
                    },
                    {"notes": "Uczestnicy zaproponowali misję gospodarczą na targi w Hanowerze."},
                ),
            ],
        )
        document = MeetingDocument(
            meeting=meeting, agenda_item=items[2], title=f"Sprawozdanie roczne {year}"
        )
        document.file.save(
            f"sprawozdanie-{year}.pdf",
            _document(
                f"Sprawozdanie roczne z działalności klastra za {year} r.",
                ["Działania, projekty i wydarzenia klastra w minionym roku."],
            ),
            save=False,
        )
        document.save()
        if strategy:
            self._quorum(meeting, items[3], present, proxies, resolution=strategy)
        # The earlier Assembly's minutes, approved here: rendered and published (no e-mail in
        # the demo: the members were at the meeting).
        approved = Minutes.objects.create(
            meeting=earlier,
            text=services.minutes_text(earlier),
            status=Minutes.Status.APPROVED,
            approved_at_meeting=meeting,
            approved_on=day,
        )
        services.minutes_pdf_store(minutes_id=approved.pk)
        Minutes.objects.filter(pk=approved.pk).update(published_at=meeting.closed_at)
        Minutes.objects.create(meeting=meeting, text=services.minutes_text(meeting))
        return meeting

    def _council_meeting(self, council, day):
        meeting = self._meeting(
            council,
            day,
            COUNCIL_TITLE,
            status=Meeting.Status.CONVENED,
            hour=16,
            place=COUNCIL_PLACE,
            online_url=ONLINE,
        )
        Meeting.objects.filter(pk=meeting.pk).update(notice_sent_at=timezone.now())
        items = self._agenda(
            meeting,
            [
                (AgendaItem.Kind.OTHER, {"pl": "Otwarcie posiedzenia", "en": "Opening"}, {}),
                (
                    AgendaItem.Kind.REPORT,
                    {
                        "pl": "Informacja o realizacji planu operacyjnego",
                        "en": "Progress of the operational plan",
                    },
                    {},
                ),
                (
                    AgendaItem.Kind.REPORT,
                    {"pl": "Przyjęcie nowych członków klastra", "en": "Admission of new members"},
                    {},
                ),
                (AgendaItem.Kind.OTHER, {"pl": "Sprawy różne", "en": "Any other business"}, {}),
            ],
        )
        document = MeetingDocument(
            meeting=meeting,
            agenda_item=items[1],
            title="Informacja o realizacji planu operacyjnego",
        )
        document.file.save(
            "plan-operacyjny-informacja.pdf",
            _document(
                "Informacja o realizacji planu operacyjnego",
                ["Stan realizacji zadań planu operacyjnego i wskaźników."],
            ),
            save=False,
        )
        document.save()
        return meeting
