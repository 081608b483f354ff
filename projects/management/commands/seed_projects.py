"""Demo funding calls, projects in every state and members' ideas. Running it again adds nothing."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from members.models import Organisation, Person
from projects import services
from projects.models import FundingCall, Project, ProjectIdea, ProjectPartner
from resolutions.models import PlanItem

# (identifier, programme, name {pl, en}, days until the deadline, url)
CALLS = [
    (
        "HORIZON-CL4-2027-TWIN-TRANSITION-01",
        "Horizon Europe",
        {
            "pl": "Cyfrowa i zielona transformacja przemysłu",
            "en": "Digital and green transition of industry",
        },
        40,
        "https://ec.europa.eu/info/funding-tenders/opportunities/portal/",
    ),
    (
        "STHB.02.01-IP.01-2027",
        "Interreg South Baltic",
        {
            "pl": "Innowacyjne Południowy Bałtyk – współpraca klastrów",
            "en": "Innovative South Baltic – cluster cooperation",
        },
        12,
        "https://southbaltic.eu/",
    ),
    (
        "FENG.01.01-IP.02-2027",
        "FENG",
        {
            "pl": "Ścieżka SMART – projekty konsorcjów",
            "en": "SMART path – consortium projects",
        },
        75,
        "https://www.parp.gov.pl/",
    ),
    (
        "FEP.01.03-IZ.00-2027",
        "FEP 2021–2027",
        {
            "pl": "Wsparcie internacjonalizacji MŚP regionu",
            "en": "Support for the internationalisation of the region's SMEs",
        },
        2,
        "",
    ),
]

# (acronym, programme, call identifier or None, title {pl, en}, summary {pl, en}, cluster role,
#  status, currency, budget, co-financing, start offset in months or None, months, members
#  [(index, role)], outside [(name, country, role)], plan item indexes)
PROJECTS = [
    (
        "GREENMET",
        "Horizon Europe",
        "HORIZON-CL4-2027-TWIN-TRANSITION-01",
        {
            "pl": "Niskoemisyjna obróbka metali w małych zakładach",
            "en": "Low-emission metalworking in small plants",
        },
        {
            "pl": "Konsorcjum przetestuje w zakładach członków odzysk ciepła i cyfrowy nadzór "
            "zużycia energii.",
            "en": "The consortium will test heat recovery and digital energy monitoring in "
            "members' plants.",
        },
        "partner",
        "consortium",
        "EUR",
        Decimal("2400000.00"),
        Decimal("2160000.00"),
        None,
        36,
        [(0, "partner"), (1, "partner")],
        [
            ("Clusterland Sachsen e.V.", "DE", "lead"),
            ("Klaipėdos metalo klasteris", "LT", "partner"),
        ],
        [0],
    ),
    (
        "BALTLINK",
        "Interreg South Baltic",
        "STHB.02.01-IP.01-2027",
        {
            "pl": "Bałtycka sieć współpracy klastrów przemysłowych",
            "en": "Baltic network of industrial clusters",
        },
        {
            "pl": "Wspólne misje gospodarcze i katalog usług członków klastrów z Polski, Niemiec "
            "i Litwy.",
            "en": "Joint trade missions and a catalogue of services of cluster members from "
            "Poland, Germany and Lithuania.",
        },
        "lead",
        "submitted",
        "EUR",
        Decimal("1150000.00"),
        Decimal("920000.00"),
        2,
        24,
        [(2, "partner")],
        [
            ("Maritime Cluster Northern Germany", "DE", "partner"),
            ("Lithuanian Innovation Centre", "LT", "associated"),
        ],
        [1, 2],
    ),
    (
        "SMARTWELD",
        "FENG",
        "FENG.01.01-IP.02-2027",
        {
            "pl": "Zrobotyzowane stanowisko spawalnicze z kontrolą wizyjną",
            "en": "Robotic welding cell with vision inspection",
        },
        {
            "pl": "Prace badawczo-rozwojowe członka klastra z uczelnią technyczną.",
            "en": "R&D of a cluster member with a technical university.",
        },
        "support",
        "granted",
        "PLN",
        Decimal("6800000.00"),
        Decimal("4080000.00"),
        1,
        30,
        [(3, "lead"), (4, "partner")],
        [],
        [0],
    ),
    (
        "DIGIMAT",
        "FEP 2021–2027",
        None,
        {
            "pl": "Cyfrowe bliźniaki linii produkcyjnych w MŚP",
            "en": "Digital twins of production lines in SMEs",
        },
        {
            "pl": "Wdrożenie cyfrowych bliźniaków w pięciu firmach członkowskich.",
            "en": "Digital twins deployed in five member companies.",
        },
        "lead",
        "running",
        "PLN",
        Decimal("3200000.00"),
        Decimal("2240000.00"),
        -10,
        24,
        [(1, "partner"), (5, "partner"), (6, "partner")],
        [],
        [0, 1],
    ),
    (
        "EXPORTPL",
        "FEP 2021–2027",
        None,
        {
            "pl": "Członkowie klastra na rynkach skandynawskich",
            "en": "Cluster members on Scandinavian markets",
        },
        {
            "pl": "Misje wyjazdowe, targi i doradztwo eksportowe dla członków.",
            "en": "Outgoing missions, fairs and export advice for members.",
        },
        "lead",
        "closed",
        "PLN",
        Decimal("850000.00"),
        Decimal("722500.00"),
        -36,
        24,
        [(2, "partner"), (7, "partner")],
        [],
        [2],
    ),
    (
        "HYDROCAST",
        "Horizon Europe",
        None,
        {
            "pl": "Odlewy do instalacji wodorowych",
            "en": "Castings for hydrogen installations",
        },
        {
            "pl": "Wniosek nie uzyskał finansowania; konsorcjum przygotowuje poprawioną wersję.",
            "en": "The proposal was not funded; the consortium is preparing a revised version.",
        },
        "partner",
        "rejected",
        "EUR",
        Decimal("4100000.00"),
        Decimal("4100000.00"),
        None,
        36,
        [(4, "partner")],
        [("Fraunhofer-Institut für Gießerei", "DE", "lead")],
        [],
    ),
    (
        "CIRCLE",
        "FENG",
        None,
        {
            "pl": "Gospodarka obiegu zamkniętego złomu i wiórów",
            "en": "Circular economy of scrap and swarf",
        },
        {
            "pl": "Pomysł z warsztatów strategicznych: wspólny system zbiórki i przetopu.",
            "en": "An idea from the strategy workshops: a joint collection and remelting system.",
        },
        "support",
        "idea",
        "PLN",
        None,
        None,
        None,
        24,
        [(6, "partner")],
        [],
        [],
    ),
    (
        "SKILLS4IND",
        "Interreg South Baltic",
        None,
        {
            "pl": "Kompetencje przyszłości w przemyśle",
            "en": "Future skills in industry",
        },
        {
            "pl": "Programy staży i szkoleń dla studentów i pracowników członków.",
            "en": "Internships and training for students and members' staff.",
        },
        "lead",
        "granted",
        "EUR",
        Decimal("640000.00"),
        Decimal("512000.00"),
        3,
        18,
        [(5, "partner")],
        [("Klaipėdos metalo klasteris", "LT", "partner")],
        [3],
    ),
]

# (organisation index, call identifier or None, title, description, partners sought, budget)
IDEAS = [
    (
        0,
        "STHB.02.01-IP.01-2027",
        "Wspólne szkolenia BHP dla firm z regionu",
        "Cykl szkoleń w językach polskim i litewskim dla pracowników produkcji.",
        "Ośrodek szkoleniowy z Litwy",
        Decimal("300000.00"),
    ),
    (
        3,
        "FEP.01.03-IZ.00-2027",
        "Stoisko klastra na targach w Hanowerze",
        "Wspólne stoisko dla 6–8 członków z materiałami w trzech językach.",
        "",
        Decimal("450000.00"),
    ),
    (
        7,
        None,
        "Laboratorium badań nieniszczących",
        "Wspólne laboratorium NDT udostępniane członkom na preferencyjnych warunkach.",
        "Uczelnia techniczna, akredytowane laboratorium",
        None,
    ),
]


def _translated(field, values):
    return {f"{field}_{code}": text for code, text in values.items()}


def _months(day, months):
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


class Command(BaseCommand):
    help = (
        "Add demo funding calls, about eight projects in every state with member and outside "
        "partners, and members' project ideas. Running it again changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.SEED_DEMO_ALLOWED:
            raise CommandError(
                "Demo data is not allowed with these settings (SEED_DEMO_ALLOWED is off)."
            )
        members = list(Organisation.objects.active().order_by("name", "pk")[:8])
        if not members:
            self.stdout.write("No active members: run seed_demo first. No projects added.")
            return
        calls = self._calls()
        items = list(PlanItem.objects.order_by("plan_id", "pk")[:4])
        created = 0
        for row in PROJECTS:
            created += self._project(row, members=members, calls=calls, items=items)
        ideas = 0
        for index, identifier, title, description, sought, budget in IDEAS:
            organisation = members[index % len(members)]
            if ProjectIdea.objects.filter(organisation=organisation, title=title).exists():
                continue
            person = (
                Person.objects.filter(organisation=organisation)
                .order_by("role", "pk")  # representatives first
                .first()
            )
            if person is None:
                continue
            services.project_idea_submit(
                actor=None,
                person=person,
                data={
                    "title": title,
                    "description": description,
                    "call": calls.get(identifier) if identifier else None,
                    "partners_sought": sought,
                    "estimated_budget": budget,
                },
            )
            ideas += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo projects ready: {len(calls)} funding calls, {created} projects created "
                f"({Project.objects.count()} in total), {ideas} ideas added."
            )
        )

    def _calls(self):
        now = timezone.now()
        calls = {}
        for identifier, programme, name, days, url in CALLS:
            call = FundingCall.objects.filter(identifier=identifier).first()
            if call is None:
                deadline = (now + datetime.timedelta(days=days)).replace(
                    hour=15, minute=0, second=0, microsecond=0
                )
                call = services.funding_call_save(
                    actor=None,
                    data={
                        "programme": programme,
                        "identifier": identifier,
                        "url": url,
                        "deadline": deadline,
                        "opens_on": (now - datetime.timedelta(days=30)).date(),
                        **_translated("name", name),
                    },
                )
            calls[identifier] = call
        return calls

    def _project(self, row, *, members, calls, items):
        (
            acronym,
            programme,
            identifier,
            title,
            summary,
            role,
            status,
            currency,
            budget,
            cofinancing,
            start,
            months,
            member_partners,
            outside_partners,
            item_indexes,
        ) = row
        if Project.objects.filter(acronym=acronym).exists():
            return 0
        today = timezone.localdate()
        starts_on = _months(today, start) if start is not None else None
        ends_on = _months(starts_on, months) - datetime.timedelta(days=1) if starts_on else None
        project = services.project_create(
            actor=None,
            data={
                "programme": programme,
                "call": calls.get(identifier) if identifier else None,
                "acronym": acronym,
                **_translated("title", title),
                **_translated("summary", summary),
                "cluster_role": role,
                "status": status,
                "currency": currency,
                "budget": budget,
                "cofinancing": cofinancing,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "submitted_on": today - datetime.timedelta(days=20)
                if status not in ("idea", "consortium")
                else None,
            },
            plan_items=[items[index] for index in item_indexes if index < len(items)],
        )
        seen = set()
        for order, (index, partner_role) in enumerate(member_partners):
            organisation = members[index % len(members)]
            if organisation.pk in seen:
                continue
            seen.add(organisation.pk)
            share = (
                (budget / (len(member_partners) + len(outside_partners) + 1)).quantize(
                    Decimal("0.01")
                )
                if budget
                else None
            )
            services.project_partner_add(
                actor=None,
                project=project,
                data={
                    "organisation": organisation,
                    "role": partner_role,
                    "budget_share": share,
                    "order": order,
                },
            )
        for order, (name, country, partner_role) in enumerate(
            outside_partners, start=len(member_partners)
        ):
            services.project_partner_add(
                actor=None,
                project=project,
                data={
                    "outside_name": name,
                    "outside_country": country,
                    "role": partner_role,
                    "order": order,
                },
            )
        assert project.partners.filter(role=ProjectPartner.Role.LEAD).count() <= 1
        return 1
