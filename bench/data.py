"""Fill the bench database with a cluster at scale: `python -m bench.data [--scale 1] [--rebuild]`.

At scale 1: 5,000 organisations, 25,000 people, 3,000 events with 150,000 registrations, 2,000
resolutions with 40,000 ballots, 5,000 articles in five languages and 200,000 subscribers, plus a
coordinator with a TOTP authenticator and a few representatives for the logged-in pages.

The database is dropped, created, migrated and filled with `bulk_create` in big batches, every row
satisfying the schema's constraints (capacity, one active registration per person, numbers gap-free
per body and year, one ballot per voter). A marker table records the scale it was built at: a run
that finds the full dataset skips the build; `--rebuild` forces it. `--quick` builds scale 0.01
into its own database (`<name>_quick`) so it never replaces the big one.
"""

import argparse
import datetime
import json
import random
import secrets
import sys
import time
from urllib.parse import urlparse

import psycopg2

from bench import common

COORDINATOR_EMAIL = "bench-koordynator@klaster.example"
REPRESENTATIVE_EMAIL = "bench-przedstawiciel{}@klaster.example"
PASSWORD = "Bench-Klaster-2026"
MARKER_TABLE = "bench_dataset_marker"
BATCH = 5000

FULL = {
    "organisations": 5000,
    "people": 25000,
    "events": 3000,
    "registrations": 150000,
    "resolutions": 2000,
    "ballots": 40000,
    "articles": 5000,
    "subscribers": 200000,
}

FIRST_NAMES = [
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Krystyna",
    "Magdalena",
    "Joanna",
    "Aleksandra",
    "Zofia",
    "Monika",
    "Natalia",
    "Julia",
    "Piotr",
    "Krzysztof",
    "Andrzej",
    "Tomasz",
    "Paweł",
    "Jan",
    "Michał",
    "Marcin",
    "Jakub",
    "Adam",
    "Łukasz",
    "Grzegorz",
    "Mateusz",
    "Wojciech",
    "Mariusz",
    "Dariusz",
    "Marek",
    "Kamil",
    "Szymon",
    "Bartosz",
    "Filip",
]
LAST_NAMES = [
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kowalczyk",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowski",
    "Jankowski",
    "Mazur",
    "Kwiatkowski",
    "Krawczyk",
    "Kaczmarek",
    "Piotrowski",
    "Grabowski",
    "Zając",
    "Pawłowski",
    "Michalski",
    "Król",
    "Wieczorek",
    "Jabłoński",
    "Wróbel",
    "Nowakowski",
    "Majewski",
    "Olszewski",
    "Stępień",
    "Malinowski",
    "Jaworski",
    "Adamczyk",
    "Dudek",
    "Nowicki",
    "Pawlak",
    "Górski",
    "Witkowski",
    "Walczak",
    "Sikora",
    "Necel",
    "Konkol",
    "Bork",
    "Formela",
    "Kreft",
    "Labuda",
    "Szczepański",
    "Baran",
    "Rutkowski",
    "Michalak",
]
# (city, voivodeship, postal code prefix)
CITIES = [
    ("Gdańsk", "pomorskie", "80"),
    ("Gdynia", "pomorskie", "81"),
    ("Sopot", "pomorskie", "81"),
    ("Słupsk", "pomorskie", "76"),
    ("Wejherowo", "pomorskie", "84"),
    ("Kościerzyna", "pomorskie", "83"),
    ("Warszawa", "mazowieckie", "00"),
    ("Kraków", "malopolskie", "30"),
    ("Wrocław", "dolnoslaskie", "50"),
    ("Poznań", "wielkopolskie", "60"),
    ("Łódź", "lodzkie", "90"),
    ("Szczecin", "zachodniopomorskie", "70"),
    ("Bydgoszcz", "kujawsko-pomorskie", "85"),
    ("Toruń", "kujawsko-pomorskie", "87"),
    ("Olsztyn", "warminsko-mazurskie", "10"),
    ("Katowice", "slaskie", "40"),
    ("Lublin", "lubelskie", "20"),
    ("Rzeszów", "podkarpackie", "35"),
    ("Białystok", "podlaskie", "15"),
    ("Kielce", "swietokrzyskie", "25"),
    ("Opole", "opolskie", "45"),
    ("Zielona Góra", "lubuskie", "65"),
]
STREETS = [
    "Grunwaldzka",
    "Długa",
    "Piastowska",
    "Kartuska",
    "Świętojańska",
    "Morska",
    "Słowackiego",
    "Wita",
    "Stwosza",
    "Jana",
    "z",
    "Kolna",
    "Abrahama",
    "Polanki",
    "Hallera",
    "Chopina",
    "Kościuszki",
    "Mickiewicza",
]
SECTORS = [
    ("oprogramowanie", "Oprogramowanie", "Software"),
    ("cyberbezpieczenstwo", "Cyberbezpieczeństwo", "Cybersecurity"),
    ("telekomunikacja", "Telekomunikacja", "Telecommunications"),
    ("elektronika", "Elektronika", "Electronics"),
    ("automatyka", "Automatyka przemysłowa", "Industrial automation"),
    ("sztuczna-inteligencja", "Sztuczna inteligencja", "Artificial intelligence"),
    ("gry", "Gry komputerowe", "Video games"),
    ("fintech", "Technologie finansowe", "Financial technology"),
    ("medtech", "Technologie medyczne", "Medical technology"),
    ("energetyka", "Energetyka", "Energy"),
    ("logistyka", "Logistyka", "Logistics"),
    ("przemysl-morski", "Przemysł morski", "Maritime industry"),
    ("edukacja", "Edukacja", "Education"),
    ("badania", "Badania i rozwój", "Research and development"),
    ("doradztwo", "Doradztwo", "Consulting"),
    ("e-commerce", "Handel elektroniczny", "E-commerce"),
    ("iot", "Internet rzeczy", "Internet of things"),
    ("chmura", "Usługi chmurowe", "Cloud services"),
    ("grafika", "Projektowanie i UX", "Design and UX"),
    ("administracja", "Administracja publiczna", "Public administration"),
]
NAME_PARTS_A = [
    "Bałtyk",
    "Amber",
    "Nord",
    "Pomorze",
    "Kaszuby",
    "Oliwa",
    "Wisła",
    "Morena",
    "Jantar",
    "Zatoka",
    "Latarnia",
    "Mewa",
    "Neptun",
    "Hel",
    "Orłowo",
    "Brzeźno",
    "Żuraw",
    "Motława",
    "Stocznia",
    "Kapitan",
    "Kompas",
    "Żagiel",
    "Wydma",
    "Rozewie",
    "Łeba",
]
NAME_PARTS_B = [
    "Software",
    "Systems",
    "Technologies",
    "Labs",
    "Solutions",
    "Data",
    "Networks",
    "Robotics",
    "Digital",
    "Cloud",
    "Electronics",
    "Automation",
    "Analytics",
    "Consulting",
    "Media",
    "Games",
    "Energy",
    "Logistics",
    "Medical",
    "Security",
]
LEGAL_FORMS = ["sp. z o.o.", "S.A.", "sp. j.", "sp. k.", "P.S.A."]
LANGS = ["pl", "en", "de", "fr", "ru"]
# Weights of the people's, subscribers' and registrations' languages: the cluster is Polish.
LANG_WEIGHTS = [80, 12, 4, 2, 2]
LANG_WORDS = {
    "pl": ("Klaster", "spotkanie", "członkowie", "innowacje", "współpraca", "rozwój"),
    "en": ("Cluster", "meeting", "members", "innovation", "cooperation", "growth"),
    "de": ("Cluster", "Treffen", "Mitglieder", "Innovation", "Zusammenarbeit", "Wachstum"),
    "fr": ("Cluster", "réunion", "membres", "innovation", "coopération", "croissance"),
    "ru": ("Кластер", "встреча", "участники", "инновации", "сотрудничество", "развитие"),
}


def _parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.data", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full dataset")
    parser.add_argument("--quick", action="store_true", help="scale 0.01 in <name>_quick")
    parser.add_argument("--rebuild", action="store_true", help="build even if the marker matches")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args(argv)


# --- The database -------------------------------------------------------------------------------


def _admin_connection(url):
    parsed = urlparse(url)
    connection = psycopg2.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection


def _database_name(url):
    return urlparse(url).path.lstrip("/")


def marker(url):
    """Return the marker row (scale, seconds, counts) of a built dataset, or None."""
    try:
        connection = psycopg2.connect(url)
    except psycopg2.OperationalError:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
            if cursor.fetchone()[0] is None:
                return None
            try:
                cursor.execute(
                    f"SELECT scale, seconds, built_at, timings FROM {MARKER_TABLE}"  # noqa: S608
                )
            except psycopg2.errors.UndefinedColumn:
                return None  # a marker of an older builder: build again
            row = cursor.fetchone()
            if row is None:
                return None
            return {"scale": row[0], "seconds": row[1], "built_at": row[2], "timings": row[3]}
    finally:
        connection.close()


def recreate_database(url):
    name = _database_name(url)
    connection = _admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def database_size(url):
    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    finally:
        connection.close()


# --- Generators ---------------------------------------------------------------------------------


def nip_from(serial):
    """Return a valid NIP built from a serial number, or None when no check digit fits."""
    digits = f"{serial:09d}"
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    check = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return None if check == 10 else digits + str(check)


def regon_from(serial):
    digits = f"{serial:08d}"
    weights = (8, 9, 2, 3, 4, 5, 6, 7)
    check = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10
    return digits + str(check)


def ascii_slug(text):
    from django.utils.text import slugify

    table = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
    return slugify(text.translate(table))


def email_local(first, last):
    return ascii_slug(f"{first}.{last}").replace("-", ".")


def words(rng, lang, count):
    vocabulary = LANG_WORDS[lang]
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def counts_for(scale):
    return {name: max(1, round(value * scale)) for name, value in FULL.items()}


# --- The build ----------------------------------------------------------------------------------


class Builder:
    def __init__(self, *, scale, seed):
        self.scale = scale
        self.counts = counts_for(scale)
        self.rng = random.Random(seed)
        self.now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        self.timings = {}

    def _timed(self, name, function):
        started = time.perf_counter()
        function()
        self.timings[name] = round(time.perf_counter() - started, 2)
        print(f"bench.data: {name} in {self.timings[name]} s", flush=True)

    def build(self):
        from django.db import transaction

        with transaction.atomic():
            self._timed("sectors, organisations, people", self.organisations)
            self._timed("accounts", self.accounts)
            self._timed("action groups and council", self.groups_and_council)
            self._timed("events and registrations", self.events)
            self._timed("resolutions and ballots", self.resolutions)
            self._timed("articles", self.articles)
            self._timed("subscribers", self.subscribers)
        self._timed("vacuum and analyze", common.analyze)

    # Members -------------------------------------------------------------------------------------

    def organisations(self):
        from members.models import Organisation, Person, Sector

        rng = self.rng
        self.sectors = Sector.objects.bulk_create(
            Sector(
                slug=slug,
                name=pl,
                name_pl=pl,
                name_en=en,
                name_de=en,
                name_fr=en,
                name_ru=en,
            )
            for slug, pl, en in SECTORS
        )
        status_weights = {
            Organisation.Status.ACTIVE: 70,
            Organisation.Status.APPLICANT: 5,
            Organisation.Status.SUSPENDED: 4,
            Organisation.Status.WITHDRAWN: 12,
            Organisation.Status.EXPELLED: 2,
            Organisation.Status.REJECTED: 7,
        }
        kinds = list(Organisation.Kind.values)
        kind_weights = [25, 25, 15, 8, 12, 3, 4, 3, 2, 3]
        ranges = list(Organisation.EmployeeRange.values)
        organisations = []
        intended = []
        serial = 584_000_000
        for index in range(self.counts["organisations"]):
            nip = None
            while nip is None:
                serial += 7
                nip = nip_from(serial)
            kind = rng.choices(kinds, kind_weights)[0]
            city, voivodeship, postal = rng.choice(CITIES)
            if kind == "university":
                name = f"Uczelnia {rng.choice(NAME_PARTS_A)} w {city}"
            elif kind == "research":
                name = f"Instytut {rng.choice(NAME_PARTS_B)} {rng.choice(NAME_PARTS_A)}"
            elif kind == "public":
                name = f"Urząd {rng.choice(NAME_PARTS_A)} w {city}"
            elif kind == "ngo":
                name = f"Fundacja {rng.choice(NAME_PARTS_A)} {rng.choice(NAME_PARTS_B)}"
            else:
                name = (
                    f"{rng.choice(NAME_PARTS_A)} {rng.choice(NAME_PARTS_B)} "
                    f"{rng.choice(LEGAL_FORMS)}"
                )
            status = rng.choices(list(status_weights), list(status_weights.values()))[0]
            joined = None
            left = None
            applied = (self.now - datetime.timedelta(days=rng.randint(30, 4000))).date()
            if status not in {Organisation.Status.APPLICANT, Organisation.Status.REJECTED}:
                joined = applied + datetime.timedelta(days=rng.randint(14, 90))
            if status in {Organisation.Status.WITHDRAWN, Organisation.Status.EXPELLED}:
                left = joined + datetime.timedelta(days=rng.randint(100, 900))
            description = f"{name} — {words(rng, 'pl', 12)}."
            organisations.append(
                Organisation(
                    name=name,
                    short_name=name.split(" ")[0],
                    slug=f"{ascii_slug(name)[:100]}-{index + 1}",
                    kind=kind,
                    nip=nip,
                    regon=regon_from(19_000_000 + index * 3),
                    street=f"ul. {rng.choice(STREETS)} {rng.randint(1, 180)}",
                    postal_code=f"{postal}-{rng.randint(0, 999):03d}",
                    city=city,
                    voivodeship=voivodeship,
                    website=f"https://{ascii_slug(name)[:40]}-{index + 1}.example",
                    email=f"biuro@{ascii_slug(name)[:40]}-{index + 1}.example",
                    phone=f"+48 58 {rng.randint(100, 999)} {rng.randint(10, 99)} "
                    f"{rng.randint(10, 99)}",
                    description=description,
                    description_pl=description,
                    description_en=f"{name} — {words(rng, 'en', 12)}."
                    if rng.random() < 0.5
                    else "",
                    employee_range=rng.choice(ranges),
                    # Active ones become active once their primary representative exists.
                    status=Organisation.Status.APPLICANT
                    if status == Organisation.Status.ACTIVE
                    else status,
                    applied_on=applied,
                    joined_on=joined,
                    left_on=left,
                )
            )
            intended.append(status)
        organisations = Organisation.objects.bulk_create(organisations, batch_size=BATCH)
        through = Organisation.sectors.through
        through.objects.bulk_create(
            (
                through(organisation_id=org.pk, sector_id=sector.pk)
                for org in organisations
                for sector in rng.sample(self.sectors, rng.randint(1, 3))
            ),
            batch_size=BATCH,
        )

        people = []
        per_org = self.counts["people"] // len(organisations)
        extra = self.counts["people"] - per_org * len(organisations)
        positions = [
            "Prezes zarządu",
            "Dyrektor",
            "Kierownik projektu",
            "Inżynier",
            "Specjalista ds. rozwoju",
            "Programista",
            "Analityk",
        ]
        for index, org in enumerate(organisations):
            domain = org.email.split("@", 1)[1]
            for number in range(per_org + (1 if index < extra else 0)):
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                people.append(
                    Person(
                        first_name=first,
                        last_name=last,
                        position=rng.choice(positions),
                        email=f"{email_local(first, last)}.{number}@{domain}",
                        phone=f"+48 600 {rng.randint(100, 999)} {rng.randint(100, 999)}",
                        organisation=org,
                        role=Person.Role.REPRESENTATIVE if number == 0 else Person.Role.EMPLOYEE,
                        is_public_contact=number == 0,
                        language=rng.choices(LANGS, LANG_WEIGHTS)[0],
                    )
                )
        people = Person.objects.bulk_create(people, batch_size=BATCH)
        self.people = people
        self.people_by_org = {}
        for person in people:
            self.people_by_org.setdefault(person.organisation_id, []).append(person)
        for org, status in zip(organisations, intended, strict=True):
            org.primary_representative = self.people_by_org[org.pk][0]
            org.status = status
        Organisation.objects.bulk_update(
            organisations, ["primary_representative", "status"], batch_size=1000
        )
        self.organisations_list = organisations
        self.active = [org for org in organisations if org.status == Organisation.Status.ACTIVE]
        self.active_people = [p for org in self.active for p in self.people_by_org[org.pk]]

    def accounts(self):
        from django.contrib.auth.hashers import make_password

        from accounts.models import User
        from members.models import Person

        password = make_password(PASSWORD)
        coordinator = User.objects.create(
            email=COORDINATOR_EMAIL,
            password=password,
            first_name="Beata",
            last_name="Koordynatorska",
            is_coordinator=True,
        )
        self.coordinator = coordinator
        self._verified_email(coordinator)
        self._totp(coordinator)
        representatives = []
        for number, org in enumerate(self.active[:5], start=1):
            person = self.people_by_org[org.pk][0]
            user = User.objects.create(
                email=REPRESENTATIVE_EMAIL.format(number),
                password=password,
                first_name=person.first_name,
                last_name=person.last_name,
            )
            self._verified_email(user)
            person.user = user
            representatives.append(person)
        Person.objects.bulk_update(representatives, ["user"])

    @staticmethod
    def _verified_email(user):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    @staticmethod
    def _totp(user):
        from django.conf import settings

        # The coordinator must have TOTP once MFA is part of the portal; before that, nothing to do.
        if "allauth.mfa" not in settings.INSTALLED_APPS:
            return
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(user, generate_totp_secret())

    def groups_and_council(self):
        from members.models import ActionGroup, CouncilSeat

        rng = self.rng
        names = [
            ("Cyberbezpieczeństwo", "Cybersecurity"),
            ("Sztuczna inteligencja", "Artificial intelligence"),
            ("Technologie morskie", "Maritime technologies"),
            ("Kadry dla IT", "Talent for IT"),
            ("Eksport", "Export"),
            ("Smart city", "Smart city"),
            ("Zielona energia", "Green energy"),
            ("Zdrowie cyfrowe", "Digital health"),
            ("Gry i media", "Games and media"),
            ("Przemysł 4.0", "Industry 4.0"),
            ("Fintech", "Fintech"),
            ("Edukacja cyfrowa", "Digital education"),
        ]
        groups = ActionGroup.objects.bulk_create(
            ActionGroup(
                name=pl,
                name_pl=pl,
                name_en=en,
                slug=ascii_slug(pl),
                description=f"Grupa robocza: {pl}.",
                description_pl=f"Grupa robocza: {pl}.",
                leader=self.people_by_org[rng.choice(self.active).pk][0],
            )
            for pl, en in names
        )
        through = ActionGroup.organisations.through
        through.objects.bulk_create(
            (
                through(actiongroup_id=group.pk, organisation_id=org.pk)
                for group in groups
                for org in rng.sample(
                    self.active, min(len(self.active), max(2, len(self.active) // 8))
                )
            ),
            batch_size=BATCH,
        )
        self.groups = groups
        council = rng.sample(self.active, min(10, len(self.active)))
        start = (self.now - datetime.timedelta(days=400)).date()
        CouncilSeat.objects.bulk_create(
            CouncilSeat(
                person=self.people_by_org[org.pk][0],
                term_start=start,
                is_chair=index == 0,
            )
            for index, org in enumerate(council)
        )
        self.council = [self.people_by_org[org.pk][0] for org in council]

    # Events --------------------------------------------------------------------------------------

    def events(self):
        from events.models import Event, Registration

        rng = self.rng
        kinds = list(Event.Kind.values)
        total = self.counts["events"]
        events = []
        for index in range(total):
            # Two thirds in the past five years, a third in the coming year.
            if index % 3:
                start = self.now - datetime.timedelta(days=rng.randint(1, 5 * 365))
            else:
                start = self.now + datetime.timedelta(days=rng.randint(1, 365))
            start = start.replace(minute=0, second=0, hour=rng.choice([9, 10, 13, 16]))
            kind = rng.choice(kinds)
            audience = rng.choices(["public", "members", "action_group"], [45, 45, 10])[0]
            city = rng.choice(CITIES)[0]
            title_pl = f"{Event.Kind(kind).label.capitalize()}: {words(rng, 'pl', 3)} ({city})"
            status = rng.choices(["published", "draft", "cancelled"], [90, 5, 5])[0]
            capacity = rng.choice([None, 30, 40, 50, 60, 80, 100, 150])
            events.append(
                Event(
                    kind=kind,
                    title=title_pl,
                    title_pl=title_pl,
                    title_en=f"{kind.replace('_', ' ').title()}: {words(rng, 'en', 3)} ({city})",
                    slug=f"{ascii_slug(title_pl)[:180]}-{index + 1}",
                    description=words(rng, "pl", 40),
                    description_pl=words(rng, "pl", 40),
                    description_en=words(rng, "en", 40),
                    programme="9:00 " + words(rng, "pl", 5),
                    programme_pl="9:00 " + words(rng, "pl", 5),
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=rng.choice([2, 3, 6, 8])),
                    venue=f"{city}, ul. {rng.choice(STREETS)} {rng.randint(1, 99)}",
                    host_organisation=rng.choice(self.active) if rng.random() < 0.3 else None,
                    capacity=capacity,
                    waitlist_enabled=rng.random() < 0.8,
                    registration_opens_at=start - datetime.timedelta(days=30),
                    registration_closes_at=start - datetime.timedelta(hours=1),
                    audience=audience,
                    action_group=rng.choice(self.groups) if audience == "action_group" else None,
                    status=status,
                    published_at=None if status == "draft" else start - datetime.timedelta(days=31),
                    cancelled_at=start - datetime.timedelta(days=2)
                    if status == "cancelled"
                    else None,
                    cancellation_reason="Choroba prelegenta." if status == "cancelled" else "",
                )
            )
        # Spread the registrations over the events that take them, about the mean each.
        taking = [event for event in events if event.status != "draft"]
        mean = self.counts["registrations"] / len(taking)
        planned = [rng.randint(0, int(2 * mean)) for _ in taking]
        # Adjust to the exact total.
        difference = self.counts["registrations"] - sum(planned)
        step = 1 if difference > 0 else -1
        position = 0
        while difference:
            index = position % len(planned)
            if step > 0 or planned[index] > 0:
                planned[index] += step
                difference -= step
            position += 1
        for event, count in zip(taking, planned, strict=True):
            if event.capacity is not None and not event.waitlist_enabled:
                event.capacity = max(event.capacity, count)
            event.last_sequence = count
        events = Event.objects.bulk_create(events, batch_size=BATCH)
        self.events_list = events

        registrations = []
        statuses = Registration.Status
        for event, count in zip(taking, planned, strict=True):
            people = rng.sample(self.active_people, min(count, len(self.active_people)))
            past = event.ends_at < self.now
            for sequence in range(1, count + 1):
                person = people[sequence - 1] if sequence <= len(people) else None
                seat = event.capacity is None or sequence <= event.capacity
                if not seat:
                    status = statuses.WAITLISTED
                elif event.status == "cancelled":
                    status = statuses.CANCELLED
                elif past:
                    status = statuses.ATTENDED if rng.random() < 0.85 else statuses.NO_SHOW
                elif rng.random() < 0.03:
                    status = statuses.CANCELLED
                else:
                    status = statuses.CONFIRMED
                if person is not None:
                    first, last = person.first_name, person.last_name
                    email = person.email
                    org_name = self.org_name(person.organisation_id)
                else:
                    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                    email = f"gosc{sequence}.{event.pk}@poczta.example"
                    org_name = ""
                registered = event.registration_opens_at + datetime.timedelta(minutes=sequence)
                registrations.append(
                    Registration(
                        event=event,
                        sequence=sequence,
                        registered_at=registered,
                        status=status,
                        person=person,
                        organisation_id=person.organisation_id if person else None,
                        first_name=first,
                        last_name=last,
                        email=email,
                        organisation_name=org_name,
                        language=person.language if person else "pl",
                        token=secrets.token_urlsafe(24),
                        checked_in_at=registered if status == statuses.ATTENDED else None,
                        cancelled_at=registered if status == statuses.CANCELLED else None,
                    )
                )
            if len(registrations) >= 4 * BATCH:
                Registration.objects.bulk_create(registrations, batch_size=BATCH)
                registrations = []
        Registration.objects.bulk_create(registrations, batch_size=BATCH)

    def org_name(self, organisation_id):
        if not hasattr(self, "_org_names"):
            self._org_names = {org.pk: org.name for org in self.organisations_list}
        return self._org_names[organisation_id]

    # Governance ----------------------------------------------------------------------------------

    def resolutions(self):
        from resolutions.models import (
            Ballot,
            EligibleVoter,
            GoverningBody,
            Resolution,
            SecretBallot,
            VoteCast,
        )

        rng = self.rng
        assembly, council, board = GoverningBody.objects.bulk_create(
            [
                GoverningBody(
                    name="Walne Zgromadzenie Członków",
                    name_pl="Walne Zgromadzenie Członków",
                    name_en="Member Assembly",
                    name_genitive="Walnego Zgromadzenia Członków",
                    name_genitive_pl="Walnego Zgromadzenia Członków",
                    slug="bench-zgromadzenie",
                    electorate=GoverningBody.Electorate.MEMBERS,
                    order=1,
                ),
                GoverningBody(
                    name="Rada Klastra",
                    name_pl="Rada Klastra",
                    name_en="Cluster Council",
                    name_genitive="Rady Klastra",
                    name_genitive_pl="Rady Klastra",
                    slug="bench-rada",
                    electorate=GoverningBody.Electorate.COUNCIL,
                    majority="absolute",
                    order=2,
                ),
                GoverningBody(
                    name="Zarząd Koordynatora",
                    name_pl="Zarząd Koordynatora",
                    name_en="Coordinator's Board",
                    name_genitive="Zarządu Koordynatora",
                    name_genitive_pl="Zarządu Koordynatora",
                    slug="bench-zarzad",
                    electorate=GoverningBody.Electorate.APPOINTED,
                    order=3,
                ),
            ]
        )
        board_people = rng.sample(self.active_people, min(5, len(self.active_people)))
        board.appointed_people.set(board_people)
        total = self.counts["resolutions"]
        # Bodies in the share of resolutions they adopt; years 2019 to this year.
        this_year = self.now.year
        years = list(range(this_year - 7, this_year + 1))
        plan = []
        for _ in range(total):
            body = rng.choices([assembly, council, board], [50, 35, 15])[0]
            plan.append((body, rng.choice(years)))
        plan.sort(key=lambda item: (item[0].pk, item[1]))
        numbers = {}
        resolutions = []
        for body, year in plan:
            number = numbers.get((body.pk, year), 0) + 1
            numbers[(body.pk, year)] = number
            current = year == this_year
            status = "closed"
            if current and rng.random() < 0.1:
                status = "open"
            title_pl = f"w sprawie {words(rng, 'pl', 4)}"
            meeting = rng.random() < 0.4
            closes = datetime.datetime(
                year, rng.randint(1, 12), rng.randint(1, 28), 18, tzinfo=datetime.UTC
            )
            if status == "open":
                closes = self.now + datetime.timedelta(days=rng.randint(1, 14))
            elif closes > self.now:
                closes = self.now - datetime.timedelta(days=rng.randint(1, 30))
            resolutions.append(
                Resolution(
                    body=body,
                    number=number,
                    year=year,
                    title=title_pl,
                    title_pl=title_pl,
                    title_en=f"on {words(rng, 'en', 4)}",
                    content=words(rng, "pl", 80),
                    content_pl=words(rng, "pl", 80),
                    legal_basis="§ 12 ust. 3 Regulaminu Klastra",
                    is_public=rng.random() < 0.8,
                    is_secret=rng.random() < 0.05,
                    method="meeting" if meeting else "electronic",
                    voting_opens_at=None if meeting else closes - datetime.timedelta(days=7),
                    voting_closes_at=None if meeting else closes,
                    meeting_date=closes.date() if meeting else None,
                    status=status,
                    # Counted below, once the voters exist.
                    outcome="invalid" if status == "closed" else "",
                    quorum_percent=body.quorum_percent,
                    majority=body.majority,
                    majority_base=body.majority_base,
                    closed_at=closes if status == "closed" else None,
                    created_by=self.coordinator,
                )
            )
        # A few drafts, unnumbered.
        resolutions += [
            Resolution(
                body=assembly,
                title=f"projekt {index}",
                title_pl=f"projekt {index}",
                content=words(rng, "pl", 30),
                content_pl=words(rng, "pl", 30),
            )
            for index in range(max(1, total // 200))
        ]
        resolutions = Resolution.objects.bulk_create(resolutions, batch_size=BATCH)
        voting = [r for r in resolutions if r.status != "draft"]

        pool_members = [(self.people_by_org[org.pk][0], org) for org in self.active]
        pool_council = [(person, None) for person in self.council]
        pool_board = [(person, None) for person in board_people]
        pools = {assembly.pk: pool_members, council.pk: pool_council, board.pk: pool_board}
        voters = []
        casts = []  # (resolution, choice, secret)
        remaining_ballots = self.counts["ballots"]
        # The small bodies first: the assembly then takes what they could not, so the total holds.
        voting.sort(key=lambda resolution: resolution.body_id == assembly.pk)
        for position, resolution in enumerate(voting):
            pool = pools[resolution.body_id]
            left = len(voting) - position
            wanted = round(remaining_ballots / left) if left else 0
            eligible = rng.sample(pool, min(len(pool), wanted + 2))
            voting_count = min(len(eligible), wanted, remaining_ballots)
            remaining_ballots -= voting_count
            tally = {"for": 0, "against": 0, "abstain": 0}
            for index, (person, org) in enumerate(eligible):
                votes = index < voting_count
                choice = rng.choices(["for", "against", "abstain"], [75, 15, 10])[0]
                if votes:
                    tally[choice] += 1
                voters.append(
                    EligibleVoter(
                        resolution=resolution,
                        person=person,
                        organisation=org,
                        attended=votes and resolution.method == "meeting",
                    )
                )
                casts.append((resolution, choice, votes, person))
            resolution.eligible_count = len(eligible)
            resolution.participant_count = voting_count
            resolution.votes_for = tally["for"]
            resolution.votes_against = tally["against"]
            resolution.votes_abstain = tally["abstain"]
            if resolution.status == "closed":
                quorum = voting_count * 100 >= resolution.quorum_percent * len(eligible)
                adopted = tally["for"] > tally["against"]
                resolution.outcome = ("adopted" if adopted else "rejected") if quorum else "invalid"
        voters = EligibleVoter.objects.bulk_create(voters, batch_size=BATCH)
        ballots = []
        secret = []
        voted = []
        for voter, (resolution, choice, votes, person) in zip(voters, casts, strict=True):
            if not votes:
                continue
            if resolution.voting_closes_at is not None:
                voted.append(
                    VoteCast(voter=voter, cast_by=person, cast_at=resolution.voting_closes_at)
                )
            if resolution.is_secret:
                secret.append(SecretBallot(resolution=resolution, choice=choice))
            else:
                ballots.append(Ballot(voter=voter, choice=choice, cast_by=person))
        # A secret box holds its choices in no particular order, as the service leaves it.
        rng.shuffle(secret)
        VoteCast.objects.bulk_create(voted, batch_size=BATCH)
        Ballot.objects.bulk_create(ballots, batch_size=BATCH)
        SecretBallot.objects.bulk_create(secret, batch_size=BATCH)
        Resolution.objects.bulk_update(
            voting,
            [
                "eligible_count",
                "participant_count",
                "votes_for",
                "votes_against",
                "votes_abstain",
                "outcome",
            ],
            batch_size=1000,
        )
        self.ballot_count = len(ballots)
        self.secret_count = len(secret)

    # News ----------------------------------------------------------------------------------------

    def articles(self):
        from news.models import Article, Tag

        rng = self.rng
        tags = Tag.objects.bulk_create(
            Tag(name=pl, name_pl=pl, name_en=en, slug=slug) for slug, pl, en in SECTORS
        )
        categories = list(Article.Category.values)
        articles = []
        for index in range(self.counts["articles"]):
            roll = rng.random()
            if roll < 0.9:
                status = "published"
                published = self.now - datetime.timedelta(minutes=rng.randint(60, 6 * 365 * 1440))
            elif roll < 0.95:
                status = "scheduled"
                published = self.now + datetime.timedelta(days=rng.randint(1, 30))
            else:
                status, published = "draft", None
            fields = {}
            for lang in LANGS:
                fields[f"title_{lang}"] = f"{words(rng, lang, 5).capitalize()} {index + 1}"
                fields[f"lead_{lang}"] = words(rng, lang, 20) + "."
                fields[f"body_{lang}"] = "".join(
                    f"<p>{words(rng, lang, 60)}.</p>" for _ in range(4)
                )
                fields[f"cover_alt_{lang}"] = ""
            articles.append(
                Article(
                    title=fields["title_pl"],
                    lead=fields["lead_pl"],
                    body=fields["body_pl"],
                    slug=f"{ascii_slug(fields['title_pl'])[:150]}-{index + 1}",
                    category=rng.choice(categories),
                    author=self.coordinator,
                    status=status,
                    published_at=published,
                    **fields,
                )
            )
        articles = Article.objects.bulk_create(articles, batch_size=2000)
        through = Article.tags.through
        through.objects.bulk_create(
            (
                through(article_id=article.pk, tag_id=tag.pk)
                for article in articles
                for tag in rng.sample(tags, rng.randint(0, 3))
            ),
            batch_size=BATCH,
        )

    def subscribers(self):
        from news.models import Subscriber, Topic

        rng = self.rng
        topics = list(Topic.objects.all())
        states = ["confirmed", "pending", "unsubscribed", "bounced"]
        domains = ["wp.pl", "onet.pl", "gmail.com", "o2.pl", "interia.pl", "firma.example"]
        created = []
        for index in range(self.counts["subscribers"]):
            state = rng.choices(states, [75, 10, 12, 3])[0]
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            consent = self.now - datetime.timedelta(days=rng.randint(1, 2000))
            created.append(
                Subscriber(
                    email=f"{email_local(first, last)}.{index}@{rng.choice(domains)}",
                    language=rng.choices(LANGS, LANG_WEIGHTS)[0],
                    state=state,
                    consent_text="Zgadzam się na otrzymywanie newslettera klastra.",
                    consent_at=consent,
                    consent_ip="192.0.2.1",
                    confirmed_at=consent if state != "pending" else None,
                    unsubscribed_at=consent if state == "unsubscribed" else None,
                    token=secrets.token_urlsafe(24),
                )
            )
            if len(created) >= 4 * BATCH:
                self._save_subscribers(created, topics)
                created = []
        self._save_subscribers(created, topics)

    def _save_subscribers(self, subscribers, topics):
        from news.models import Subscriber

        rng = self.rng
        subscribers = Subscriber.objects.bulk_create(subscribers, batch_size=BATCH)
        through = Subscriber.topics.through
        through.objects.bulk_create(
            (
                through(subscriber_id=subscriber.pk, topic_id=topic.pk)
                for subscriber in subscribers
                for topic in rng.sample(topics, rng.randint(1, len(topics)))
            ),
            batch_size=BATCH,
        )


def counts_in_database():
    from events.models import Event, Registration
    from members.models import Organisation, Person
    from news.models import Article, Subscriber
    from resolutions.models import Ballot, Resolution, SecretBallot

    return {
        "organisations": Organisation.objects.count(),
        "people": Person.objects.count(),
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
        "resolutions": Resolution.objects.exclude(status="draft").count(),
        "ballots": Ballot.objects.count() + SecretBallot.objects.count(),
        "articles": Article.objects.count(),
        "subscribers": Subscriber.objects.count(),
    }


def write_marker(scale, seconds, timings):
    """Record the scale and the build's figures, which later runs that skip the build report."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {MARKER_TABLE} (scale double precision, seconds double precision, "
            "timings jsonb, built_at timestamptz DEFAULT now())"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (scale, seconds, timings) VALUES (%s, %s, %s)",  # noqa: S608
            [scale, seconds, json.dumps(timings)],
        )


def database_url_for(quick):
    url = common.bench_database_url()
    return url + "_quick" if quick else url


def main(argv=None):
    args = _parse_args(argv)
    scale = 0.01 if args.quick else args.scale
    url = database_url_for(args.quick)
    found = marker(url)
    rebuilt = False
    build_seconds = None
    if args.rebuild or found is None or abs(found["scale"] - scale) > 1e-9:
        print(f"bench.data: building scale {scale} into {_database_name(url)}", flush=True)
        started = time.perf_counter()
        try:
            recreate_database(url)
        except psycopg2.OperationalError as error:
            print(f"bench.data: PostgreSQL is not reachable: {error}", file=sys.stderr)
            return 2
        env = common.django_env(BENCH_DATABASE_URL=url)
        migrate_started = time.perf_counter()
        common.manage("migrate", "--noinput", "-v", "0", env=env)
        migrate_seconds = time.perf_counter() - migrate_started
        common.setup_django_for(url)
        builder = Builder(scale=scale, seed=args.seed)
        builder.build()
        build_seconds = round(time.perf_counter() - started, 1)
        timings = {"migrate": round(migrate_seconds, 2), **builder.timings}
        write_marker(scale, build_seconds, timings)
        rebuilt = True
    else:
        print(f"bench.data: {_database_name(url)} already holds scale {scale}; skipped", flush=True)
        # Migrations added since the build (an index, say) still apply to the data.
        common.manage(
            "migrate", "--noinput", "-v", "0", env=common.django_env(BENCH_DATABASE_URL=url)
        )
        common.setup_django_for(url)
        build_seconds = found["seconds"]
        timings = found["timings"] or {}

    counts = counts_in_database()
    size = database_size(url)
    expected = counts_for(scale)
    rows = [{"what": name, "rows": counts[name], "expected": expected[name]} for name in expected]
    rows += [
        {"what": f"time: {name}", "rows": None, "seconds": value} for name, value in timings.items()
    ]
    rows.append({"what": "database size", "rows": None, "MiB": round(size / 2**20, 1)})
    rows.append(
        {
            "what": "build (drop, migrate, fill, vacuum and analyze)",
            "rows": None,
            "seconds": build_seconds,
        }
    )
    common.write_results(
        "data",
        title="Bench dataset",
        description=(
            f"`python -m bench.data --scale {scale}` into `{_database_name(url)}`: "
            + (
                "built now"
                if rebuilt
                else f"found built on {found['built_at']:%Y-%m-%d %H:%M}, skipped"
            )
            + "; rows as counted in the database."
        ),
        parameters={"scale": scale, "database": _database_name(url), "rebuilt": rebuilt},
        rows=rows,
        targets=[
            common.target(
                "dataset complete",
                "every count at least the planned one",
                sum(counts.values()),
                all(counts[name] >= expected[name] for name in expected),
                "the builder produced fewer rows than planned",
            )
        ],
        columns=["what", "rows", "expected", "seconds", "MiB"],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
