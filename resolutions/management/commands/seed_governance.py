from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from resolutions import services
from resolutions.models import (
    GoverningBody,
    Majority,
    MajorityBase,
    OperationalPlan,
    PlanItem,
    StrategicGoal,
    Strategy,
)

BODIES = [
    {
        "slug": "member-assembly",
        "electorate": GoverningBody.Electorate.MEMBERS,
        "order": 1,
        "quorum_percent": 50,
        "majority": Majority.SIMPLE,
        "majority_base": MajorityBase.CAST,
        "name": {
            "pl": "Zgromadzenie Uczestników",
            "en": "Member Assembly",
            "de": "Mitgliederversammlung",
            "fr": "Assemblée des membres",
            "ru": "Общее собрание участников",
        },
        "name_genitive": {
            "pl": "Zgromadzenia Uczestników",
            "en": "Member Assembly",
            "de": "der Mitgliederversammlung",
            "fr": "de l’Assemblée des membres",
            "ru": "Общего собрания участников",
        },
    },
    {
        "slug": "council",
        "electorate": GoverningBody.Electorate.COUNCIL,
        "order": 2,
        "quorum_percent": 50,
        "majority": Majority.SIMPLE,
        "majority_base": MajorityBase.CAST,
        "name": {
            "pl": "Rada Klastra",
            "en": "Cluster Council",
            "de": "Clusterrat",
            "fr": "Conseil du cluster",
            "ru": "Совет кластера",
        },
        "name_genitive": {
            "pl": "Rady Klastra",
            "en": "Cluster Council",
            "de": "des Clusterrats",
            "fr": "du Conseil du cluster",
            "ru": "Совета кластера",
        },
    },
]

STRATEGY = {
    "title": {"pl": "Strategia rozwoju klastra", "en": "Cluster development strategy"},
    "vision": {
        "pl": "Klaster jest rozpoznawalnym w Europie centrum współpracy firm, uczelni i "
        "instytutów, które wspólnie wprowadzają innowacje na rynek.",
        "en": "The cluster is a centre of cooperation between companies, universities and "
        "institutes, known across Europe, that bring innovation to market together.",
    },
    "goals": [
        (
            "1",
            {"pl": "Współpraca członków", "en": "Cooperation between members"},
            {
                "pl": "Wspólne projekty, grupy robocze i wymiana doświadczeń.",
                "en": "Joint projects, action groups and the exchange of experience.",
            },
        ),
        (
            "2",
            {"pl": "Umiędzynarodowienie", "en": "Internationalisation"},
            {
                "pl": "Misje zagraniczne, współpraca z innymi klastrami, wsparcie eksportu.",
                "en": "Trade missions, cooperation with other clusters, export support.",
            },
        ),
        (
            "3",
            {"pl": "Kompetencje i kadry", "en": "Skills and people"},
            {
                "pl": "Szkolenia, staże i programy z uczelniami.",
                "en": "Training, internships and programmes with universities.",
            },
        ),
    ],
}

PLAN_ITEMS = [
    ("1", "Spotkania „Dobre praktyki” u członków", "“Good practices” meetings at members", 2, 60),
    ("1", "Katalog ofert współpracy członków", "Catalogue of members' cooperation offers", 1, 30),
    ("2", "Misja gospodarcza na targi w Hanowerze", "Trade mission to the Hanover fair", 1, 10),
    ("3", "Program staży dla studentów", "Internship programme for students", 1, 0),
]

# Resolutions adopted at past meetings: (body, days ago, title, content, share of attendees voting
# for). The Assembly's adopts the strategy, the Council's the operational plan.
DEMO_RESOLUTIONS = [
    (
        "member-assembly",
        60,
        {
            "pl": "w sprawie przyjęcia Strategii rozwoju klastra",
            "en": "on adopting the cluster development strategy",
        },
        {
            "pl": "§ 1. Zgromadzenie Uczestników przyjmuje Strategię rozwoju klastra.\n"
            "§ 2. Uchwała wchodzi w życie z dniem podjęcia.",
            "en": "§ 1. The Member Assembly adopts the cluster development strategy.\n"
            "§ 2. The resolution comes into force on the day it is adopted.",
        },
        0.9,
    ),
    (
        "council",
        30,
        {
            "pl": "w sprawie przyjęcia planu operacyjnego",
            "en": "on adopting the operational plan",
        },
        {
            "pl": "§ 1. Rada Klastra przyjmuje plan operacyjny na najbliższe dwa lata.\n"
            "§ 2. Wykonanie uchwały powierza się Koordynatorowi Klastra.",
            "en": "§ 1. The Cluster Council adopts the operational plan for the next two years.\n"
            "§ 2. The Cluster Coordinator carries it out.",
        },
        1.0,
    ),
]


def _translated(field, values):
    return {f"{field}_{code}": text for code, text in values.items()}


class Command(BaseCommand):
    help = (
        "Create the Member Assembly and the Cluster Council with their default voting rules; "
        "with --demo also a demo strategy and operational plan. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="add a demo strategy and plan")

    @transaction.atomic
    def handle(self, *args, demo=False, **options):
        created = 0
        for spec in BODIES:
            _body, was_created = GoverningBody.objects.get_or_create(
                slug=spec["slug"],
                defaults={
                    "electorate": spec["electorate"],
                    "order": spec["order"],
                    "quorum_percent": spec["quorum_percent"],
                    "majority": spec["majority"],
                    "majority_base": spec["majority_base"],
                    **_translated("name", spec["name"]),
                    **_translated("name_genitive", spec["name_genitive"]),
                },
            )
            created += was_created
        self.stdout.write(f"Governing bodies: {created} created, {len(BODIES)} expected.")
        if demo and not Strategy.objects.exists():
            self._demo_strategy()
            self.stdout.write("Demo strategy and operational plan created.")

    def _demo_resolutions(self):
        """Record the demo's past meeting votes; their outcome was announced at the meeting."""
        adopted = {}
        for slug, days_ago, title, content, share_for in DEMO_RESOLUTIONS:
            body = GoverningBody.objects.get(slug=slug)
            meeting_date = timezone.localdate() - timedelta(days=days_ago)
            attendees = [
                person for person, _organisation in services.electorate_of(body, on=meeting_date)
            ]
            if not attendees:
                continue
            resolution = services.resolution_draft_save(
                actor=None,
                data={
                    "body": body,
                    **_translated("title", title),
                    **_translated("content", content),
                    "legal_basis": "Umowa partnerstwa klastra, § 8",
                    "is_public": True,
                },
            )
            votes_for = round(len(attendees) * share_for)
            resolution = services.meeting_vote_record(
                resolution=resolution,
                actor=None,
                meeting_date=meeting_date,
                attendees=attendees,
                votes_for=votes_for,
                votes_against=0,
                votes_abstain=len(attendees) - votes_for,
            )
            type(resolution).objects.filter(pk=resolution.pk).update(
                outcome_notified_at=timezone.now()
            )
            adopted[slug] = resolution
        return adopted

    def _demo_strategy(self):
        adopted = self._demo_resolutions()
        year = date.today().year
        strategy = Strategy.objects.create(
            adopted_by=adopted.get("member-assembly"),
            period_start=year,
            period_end=year + 4,
            **_translated("title", STRATEGY["title"]),
            **_translated("vision", STRATEGY["vision"]),
        )
        goals = {}
        for order, (code, title, description) in enumerate(STRATEGY["goals"], start=1):
            goals[code] = StrategicGoal.objects.create(
                strategy=strategy,
                code=code,
                order=order,
                **_translated("title", title),
                **_translated("description", description),
            )
        plan = OperationalPlan.objects.create(
            title=f"Plan operacyjny {year}–{year + 1}",
            strategy=strategy,
            adopted_by=adopted.get("council"),
            period_start=year,
            period_end=year + 1,
        )
        for code, title_pl, title_en, target, progress in PLAN_ITEMS:
            PlanItem.objects.create(
                plan=plan,
                goal=goals[code],
                title_pl=title_pl,
                title_en=title_en,
                starts_on=date(year, 1, 1),
                ends_on=date(year + 1, 12, 31),
                budget=10000 * target,
                indicator="liczba",
                indicator_target=target,
                indicator_actual=0,
                status=PlanItem.Status.IN_PROGRESS if progress else PlanItem.Status.PLANNED,
                progress=progress,
            )
