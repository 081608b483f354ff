"""The demo cluster as plain data, drawn from a seeded random generator.

The plan depends only on the seed and on the day it is drawn (applications are recent and the
council's term is the current one), so drawing it twice gives the same cluster.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum.pl import regon as stdnum_regon

from core.services import slugify

from ..validators import nip_with_check_digit
from .data import (
    ACTION_GROUPS,
    APPLICATION_MOTIVATIONS,
    CITIES,
    CITY_BY_NAME,
    CLOSING_SENTENCES,
    COMPETENCES,
    CURATED_MEMBERS,
    FEMALE_FIRST_NAMES,
    FOREIGN_PEOPLE,
    KIND_SENTENCES,
    MALE_FIRST_NAMES,
    NAME_ROOTS,
    POSITIONS,
    REGON_PREFIXES,
    RELATED_SECTORS,
    SECTOR_BY_SLUG,
    SECTORS,
    STARTUPS,
    STATUS_REASONS,
    STREETS,
    SURNAMES,
)

SEED = 20091029  # the day the Pomeranian ICT cluster's partnership agreement was signed
FOUNDED = date(2009, 10, 29)
LAST_ACCESSION = date(2025, 9, 30)
COUNCIL_TERM_YEARS = 4
COUNCIL_FIRST_TERM = 2025

COORDINATOR_EMAIL = "koordynator@klaster.example"
REPRESENTATIVE_EMAIL = "przedstawiciel@klaster.example"
COUNCIL_CHAIR_EMAIL = "rada@klaster.example"
SUPERUSER_EMAIL = "admin@klaster.example"
COUNCIL_MEMBER_EMAILS = ("katarzyna.necel@pnb.edu.example", "pawel.konkol@parkoliwa.example")

GENERATED_KINDS = (("micro", 30), ("small", 40), ("medium", 24))
EMPLOYEE_RANGES = {"micro": "1-9", "small": "10-49", "medium": "50-249", "large": "250+"}
HEAD_POSITIONS = {
    "university": "university_head",
    "research": "research_head",
    "business_support": "business_support_head",
    "public": "public_head",
    "ngo": "ngo_head",
}
# The people who log in with the demo password: the representative, the council's chair and two
# more council members. Each is the primary representative of their organisation.
NAMED_HEADS = {
    "jantar-software": ("Tomasz", "Kreft", "Prezes Zarządu", REPRESENTATIVE_EMAIL),
    "amber-software": ("Marzena", "Formela", "Prezes Zarządu", COUNCIL_CHAIR_EMAIL),
    "pnb": (
        "Katarzyna",
        "Necel",
        "Prorektor ds. Współpracy z Gospodarką",
        COUNCIL_MEMBER_EMAILS[0],
    ),
    "park-oliwa": ("Paweł", "Konkol", "Prezes Zarządu", COUNCIL_MEMBER_EMAILS[1]),
}
# Who logs in with the demo password, as what, and the page to open first.
DEMO_ACCOUNTS = (
    (COORDINATOR_EMAIL, "coordinator (cluster office)", "/pl/panel/"),
    (REPRESENTATIVE_EMAIL, "primary representative of a member", "/pl/my-organisation/"),
    (COUNCIL_CHAIR_EMAIL, "chair of the Cluster Council", "/pl/panel/resolutions/"),
    *(
        (email, "member of the Cluster Council", "/pl/resolutions/")
        for email in COUNCIL_MEMBER_EMAILS
    ),
    (SUPERUSER_EMAIL, "superuser (Django admin)", "/pl/admin/"),
)
COUNCIL_CURATED = ("amber-software", "pnb", "stocznia-nadbaltycka", "park-oliwa", "iarp")
FORMER_COUNCIL = "bcl"
CITY_NAMES = {"Warszawa": {"en": "Warsaw", "de": "Warschau"}}


@dataclass
class PersonPlan:
    first_name: str
    last_name: str
    position: str
    email: str
    phone: str
    role: str = "employee"
    language: str = "pl"
    is_public_contact: bool = False
    has_account: bool = False

    @property
    def fields(self):
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "position": self.position,
            "email": self.email,
            "phone": self.phone,
            "language": self.language,
            "is_public_contact": self.is_public_contact,
        }


@dataclass
class OrganisationPlan:
    key: str
    fields: dict
    sectors: tuple
    people: list  # the first is the primary representative
    status: str = "active"
    status_reason: str = ""
    application: dict | None = None
    competences: tuple = ()  # slugs of the vocabulary (data.COMPETENCES)

    @property
    def nip(self):
        return self.fields["nip"]

    @property
    def kind(self):
        return self.fields["kind"]


@dataclass
class CouncilSeatPlan:
    organisation: str
    term_start: date
    term_end: date
    is_chair: bool = False


@dataclass
class ActionGroupPlan:
    names: dict
    descriptions: dict
    organisations: list
    leader: str  # the key of the organisation whose primary representative leads the group


@dataclass
class ClusterPlan:
    organisations: list = field(default_factory=list)
    council: list = field(default_factory=list)
    action_groups: list = field(default_factory=list)

    @property
    def people_with_accounts(self):
        return [
            person
            for organisation in self.organisations
            for person in organisation.people
            if person.has_account
        ]


class _Draw:
    """A seeded generator with the registers of what was drawn already, to keep values unique."""

    def __init__(self, *, today):
        self.random = random.Random(SEED)
        self.today = today
        self.nips, self.regons, self.krs_numbers = set(), set(), set()
        self.names, self.domains = set(), set()
        # The last one is kept for the applicant who writes in English.
        self.foreign_people = list(FOREIGN_PEOPLE[:-1])

    def digits(self, count):
        return "".join(self.random.choice("0123456789") for _ in range(count))

    def nip(self, city):
        while True:
            nip = nip_with_check_digit(self.random.choice(city.tax_offices) + self.digits(6))
            if nip and nip not in self.nips:
                self.nips.add(nip)
                return nip

    def regon(self, city):
        while True:
            first_eight = self.random.choice(REGON_PREFIXES[city.voivodeship]) + self.digits(6)
            regon = first_eight + stdnum_regon.calc_check_digit(first_eight)
            if regon not in self.regons:
                self.regons.add(regon)
                return regon

    def krs(self):
        while True:
            krs = "0000" + self.digits(6)
            if krs not in self.krs_numbers:
                self.krs_numbers.add(krs)
                return krs

    def domain(self, base):
        domain, suffix = base, 2
        while domain in self.domains:
            domain = f"{base}{suffix}"
            suffix += 1
        self.domains.add(domain)
        return f"{domain}.example"

    def date_between(self, start, end):
        return start + timedelta(days=self.random.randint(0, (end - start).days))

    def person_name(self):
        if self.random.random() < 0.5:
            return self.random.choice(MALE_FIRST_NAMES), self.random.choice(SURNAMES)
        surname = self.random.choice(SURNAMES)
        if surname.endswith(("ski", "cki", "dzki")):
            surname = surname[:-1] + "a"
        return self.random.choice(FEMALE_FIRST_NAMES), surname

    def mobile(self):
        return f"+48 {self.random.choice('5678')}{self.digits(2)} {self.digits(3)} {self.digits(3)}"

    def landline(self, city):
        return f"+48 {city.area_code} {self.digits(3)} {self.digits(2)} {self.digits(2)}"

    def address(self, city):
        number = str(self.random.randint(1, 140))
        roll = self.random.random()
        if roll < 0.25:
            number += f"/{self.random.randint(1, 20)}"
        elif roll < 0.35:
            number += self.random.choice("AB")
        postal_code = "".join(
            self.random.choice("0123456789") if char == "x" else char for char in city.postal_code
        )
        return f"{self.random.choice(STREETS)} {number}", postal_code


def _email(first_name, last_name, domain, taken):
    base = f"{slugify(first_name)}.{slugify(last_name)}"
    local, suffix = base, 2
    while local in taken:
        local = f"{base}{suffix}"
        suffix += 1
    taken.add(local)
    return f"{local}@{domain}"


def _people(draw, *, kind, domain, count, named_head=None, owner=None, foreign=False):
    """Draw the people of one organisation; the first is its primary representative.

    `named_head` is a (first name, last name, position, e-mail) fixed by hand; `owner` the
    (first name, last name) of a sole trader, whose business carries their name.
    """
    taken = set()
    if named_head is not None:
        first_name, last_name, position, email = named_head
    else:
        if owner is not None:
            first_name, last_name = owner
            position = "Właścicielka" if first_name in FEMALE_FIRST_NAMES else "Właściciel"
        else:
            first_name, last_name = draw.person_name()
            position = draw.random.choice(POSITIONS[HEAD_POSITIONS.get(kind, "enterprise_head")])
        email = _email(first_name, last_name, domain, taken)
    people = [
        PersonPlan(
            first_name,
            last_name,
            position,
            email,
            draw.mobile(),
            role="representative",
            is_public_contact=True,
        )
    ]
    staff = kind if kind in HEAD_POSITIONS else "enterprise"
    positions = draw.random.sample(POSITIONS[staff], k=count - 1)
    for number, position in enumerate(positions):
        language = "pl"
        if foreign and number == 0 and draw.foreign_people:
            first_name, last_name, language = draw.foreign_people.pop(0)
        else:
            first_name, last_name = draw.person_name()
        people.append(
            PersonPlan(
                first_name,
                last_name,
                position,
                _email(first_name, last_name, domain, taken),
                draw.mobile(),
                language=language,
                is_public_contact=number == 0 and draw.random.random() < 0.5,
            )
        )
    return people


def _base_fields(draw, *, name, short_name, kind, city, domain, in_krs, regon, website=True):
    street, postal_code = draw.address(city)
    mailbox = (
        "sekretariat"
        if kind in {"university", "public"}
        else draw.random.choice(("biuro", "kontakt", "office"))
    )
    return {
        "name": name,
        "short_name": short_name,
        "kind": kind,
        "nip": draw.nip(city),
        "regon": draw.regon(city) if regon else "",
        "krs": draw.krs() if in_krs else "",
        "street": street,
        "postal_code": postal_code,
        "city": city.name,
        "voivodeship": city.voivodeship,
        "website": f"https://www.{domain}/" if website else "",
        "email": f"{mailbox}@{domain}",
        "phone": draw.landline(city),
    }


def _accession_dates(draw, *, founding_member):
    joined_on = FOUNDED if founding_member else draw.date_between(FOUNDED, LAST_ACCESSION)
    return {
        "joined_on": joined_on,
        "applied_on": joined_on - timedelta(days=draw.random.randint(14, 60)),
    }


def _company_description(draw, *, kind, city, sectors, founded, german):
    """Compose a company's description from its place, year, offer and kind: Polish always,
    English mostly, German sometimes. Each language is built from its own whole sentences."""
    offers = [SECTOR_BY_SLUG[slug].offer for slug in sectors[:2]]
    closing = draw.random.choice(CLOSING_SENTENCES)
    kind_sentence = KIND_SENTENCES.get(kind)
    city_name = {
        language: CITY_NAMES.get(city.name, {}).get(language, city.name)
        for language in ("en", "de")
    }
    if kind == "startup":
        opening = {
            "pl": f"Start-up z siedzibą w {city.locative}, założony w {founded} r.",
            "en": f"A start-up based in {city_name['en']}, founded in {founded}.",
        }
    else:
        opening = {
            "pl": f"Firma z siedzibą w {city.locative}, działająca od {founded} r.",
            "en": f"A company based in {city_name['en']}, in business since {founded}.",
            "de": f"Firma mit Sitz in {city_name['de']}, gegründet {founded}.",
        }
    offer = {
        "pl": f"Oferuje {offers[0]['pl']}.",
        "en": f"It offers {offers[0]['en']}.",
        "de": f"Sie bietet {offers[0]['de']} an.",
    }
    if len(offers) > 1:
        offer = {
            "pl": f"Oferuje {offers[0]['pl']}, a także {offers[1]['pl']}.",
            "en": f"It offers {offers[0]['en']}, as well as {offers[1]['en']}.",
            "de": f"Sie bietet {offers[0]['de']} sowie {offers[1]['de']} an.",
        }
    languages = ["pl"]
    if draw.random.random() < 0.8:
        languages.append("en")
    if german and kind != "startup":
        languages.append("de")
    return {
        f"description_{language}": " ".join(
            part[language]
            for part in (opening, offer, kind_sentence, closing)
            if part is not None and language in part
        )
        for language in languages
    }


def _curated(draw):
    plans = []
    for member in CURATED_MEMBERS:
        city = CITY_BY_NAME[member.city]
        domain = draw.domain(member.domain.removesuffix(".example"))
        draw.names.add(member.name)
        founding = member.kind in {"university", "research", "business_support"} or (
            member.kind == "large" and draw.random.random() < 0.5
        )
        fields = {
            **_base_fields(
                draw,
                name=member.name,
                short_name=member.short_name,
                kind=member.kind,
                city=city,
                domain=domain,
                in_krs=member.in_krs,
                regon=True,
            ),
            "employee_range": member.employee_range,
            **{f"description_{code}": text for code, text in member.description.items()},
            **_accession_dates(draw, founding_member=founding),
        }
        people = _people(
            draw,
            kind=member.kind,
            domain=domain,
            count=draw.random.randint(2, 4),
            named_head=NAMED_HEADS.get(member.key),
            foreign=member.kind in {"large", "research"},
        )
        people[0].has_account = member.key in NAMED_HEADS
        plans.append(OrganisationPlan(member.key, fields, member.sectors, people))
    return plans


def _startups(draw):
    plans = []
    for name, short_name, city_name, sectors in STARTUPS:
        city = CITY_BY_NAME[city_name]
        domain = draw.domain(slugify(short_name).replace("-", ""))
        draw.names.add(name)
        fields = {
            **_base_fields(
                draw,
                name=name,
                short_name=short_name,
                kind="startup",
                city=city,
                domain=domain,
                in_krs=True,
                regon=True,
            ),
            "employee_range": draw.random.choice(("1-9", "10-49")),
            **_accession_dates(draw, founding_member=False),
        }
        founded = max(fields["joined_on"].year - draw.random.randint(0, 3), 2015)
        fields.update(
            _company_description(
                draw, kind="startup", city=city, sectors=sectors, founded=founded, german=False
            )
        )
        people = _people(draw, kind="startup", domain=domain, count=draw.random.randint(2, 3))
        plans.append(OrganisationPlan(slugify(short_name), fields, sectors, people))
    return plans


def _sectors_of_a_company(draw):
    main = draw.random.choices(SECTORS, weights=[sector.weight for sector in SECTORS])[0].slug
    if draw.random.random() < 0.6:
        return (main, draw.random.choice(RELATED_SECTORS[main]))
    return (main,)


def _generated_company(draw, kind):
    sectors = _sectors_of_a_company(draw)
    sector = SECTOR_BY_SLUG[sectors[0]]
    city = draw.random.choices(CITIES, weights=[city.weight for city in CITIES])[0]
    sole_trader = kind == "micro" and draw.random.random() < 0.6
    owner = None
    while True:
        if sole_trader:
            owner = draw.person_name()
            name = f"{sector.activity} {owner[0]} {owner[1]}"
            short_name = ""
            domain_base = f"{slugify(owner[1])}-{sector.slug}"
        else:
            short_name = f"{draw.random.choice(NAME_ROOTS)} {draw.random.choice(sector.suffixes)}"
            legal_form = draw.random.choices(
                ("Sp. z o.o.", "S.A.", "Sp. z o.o. sp.k."),
                weights=(75, 10 if kind == "medium" else 2, 10),
            )[0]
            name = f"{short_name} {legal_form}"
            domain_base = slugify(short_name).replace("-", "")
        if name not in draw.names:
            draw.names.add(name)
            break
    domain = draw.domain(domain_base)
    fields = {
        **_base_fields(
            draw,
            name=name,
            short_name=short_name,
            kind=kind,
            city=city,
            domain=domain,
            in_krs=not sole_trader,
            regon=draw.random.random() < 0.7,
            website=not sole_trader or draw.random.random() < 0.5,
        ),
        "employee_range": EMPLOYEE_RANGES[kind],
        **_accession_dates(draw, founding_member=False),
    }
    founded = max(fields["joined_on"].year - draw.random.randint(0, 15), 1991)
    fields.update(
        _company_description(
            draw,
            kind=kind,
            city=city,
            sectors=sectors,
            founded=founded,
            german=draw.random.random() < 0.2,
        )
    )
    people = _people(
        draw,
        kind=kind,
        domain=domain,
        count=draw.random.randint(2, 4),
        owner=owner,
        foreign=kind == "medium" and draw.random.random() < 0.1,
    )
    return OrganisationPlan(slugify(short_name or name), fields, sectors, people)


def _set_statuses(draw, plans):
    """Make a few members applicants, suspended, withdrawn or rejected; the rest are active."""
    by_kind = {}
    for plan in plans:
        by_kind.setdefault(plan.kind, []).append(plan)
    applicants = [
        *draw.random.sample(by_kind["startup"], 2),
        *draw.random.sample(by_kind["small"], 2),
        *draw.random.sample(by_kind["micro"], 1),
    ]
    for plan in applicants:
        plan.status = "applicant"
    others = [plan for plan in by_kind["small"] + by_kind["micro"] if plan.status == "active"]
    chosen = draw.random.sample(others + by_kind["medium"], 7)
    for plan, status in zip(
        chosen, ["suspended"] * 3 + ["withdrawn"] * 3 + ["rejected"], strict=True
    ):
        plan.status = status
        plan.status_reason = draw.random.choice(STATUS_REASONS[status])
        if status == "rejected":
            applicants.append(plan)
    # One applicant writes in English: its contact is someone from abroad.
    contact = applicants[0].people[0]
    contact.first_name, contact.last_name, contact.language = FOREIGN_PEOPLE[-1]
    contact.email = _email(
        contact.first_name, contact.last_name, contact.email.split("@")[1], set()
    )
    for plan in applicants:
        plan.fields.pop("joined_on")
        plan.fields["applied_on"] = draw.today - timedelta(days=draw.random.randint(2, 45))
        language = plan.people[0].language
        plan.application = {
            "motivation": draw.random.choice(APPLICATION_MOTIVATIONS[language]),
            "language": language,
        }


def _council(draw, plans):
    """Seven seats for the current term with one chair, and one member of the last council."""
    start_year = draw.today.year - (draw.today.year - COUNCIL_FIRST_TERM) % COUNCIL_TERM_YEARS
    term_start = date(start_year, 1, 1)
    term_end = date(start_year + COUNCIL_TERM_YEARS - 1, 12, 31)
    active = [plan for plan in plans if plan.status == "active"]
    elected = [
        draw.random.choice([plan for plan in active if plan.kind == kind])
        for kind in ("medium", "small")
    ]
    seats = [
        CouncilSeatPlan(key, term_start, term_end, is_chair=number == 0)
        for number, key in enumerate([*COUNCIL_CURATED, *(plan.key for plan in elected)])
    ]
    seats.append(
        CouncilSeatPlan(
            FORMER_COUNCIL,
            date(start_year - COUNCIL_TERM_YEARS, 1, 1),
            term_start - timedelta(days=1),
        )
    )
    return seats


def _action_groups(draw, plans):
    active = [plan for plan in plans if plan.status == "active"]
    groups, leading = [], set()
    for spec in ACTION_GROUPS:
        members = [
            plan
            for plan in active
            if set(plan.sectors) & set(spec["sectors"]) or plan.kind in spec["kinds"]
        ]
        if len(members) > 30:
            chosen = {plan.key for plan in draw.random.sample(members, 30)}
            members = [plan for plan in members if plan.key in chosen]
        leaders = [
            plan
            for plan in members
            if plan.kind in {"large", "medium", "research", "university", "business_support"}
            and plan.key not in leading
        ]
        leader = draw.random.choice(leaders or members)
        leading.add(leader.key)
        groups.append(
            ActionGroupPlan(
                spec["name"], spec["description"], [plan.key for plan in members], leader.key
            )
        )
    return groups


COMPANY_KINDS = {"micro", "small", "medium", "large", "startup"}
RESEARCH_KINDS = {"university", "research"}
RESEARCH_TERMS = ("contract-research", "training")
SUPPORT_TERMS = ("funding-applications", "training")


def _competences_of(plan):
    """Pick 2–6 terms of the vocabulary for a member, by its sectors and kind.

    Drawn from a generator of the member's own, so that the vocabulary changes nothing else the
    plan draws (names, identifiers, people) and a member keeps its terms when others are added.
    """
    rng = random.Random(f"{SEED}:competences:{plan.key}")
    sectors = set(plan.sectors)

    def fits(spec):
        return not spec.sectors or sectors & set(spec.sectors)

    can_do = [
        spec.slug
        for spec in COMPETENCES
        if spec.kind in {"competence", "technology"} and spec.sectors and fits(spec)
    ]
    if plan.kind in RESEARCH_KINDS:
        can_do = [*RESEARCH_TERMS, *can_do]
    elif plan.kind not in COMPANY_KINDS:
        can_do = [*SUPPORT_TERMS, *can_do]
    chosen = rng.sample(can_do, k=min(len(can_do), rng.randint(1, 3))) if can_do else []
    if plan.kind in COMPANY_KINDS:
        markets = [spec.slug for spec in COMPETENCES if spec.kind == "market" and fits(spec)]
        chosen += rng.sample(markets, k=rng.randint(1, 2))
        certifications = [
            spec.slug for spec in COMPETENCES if spec.kind == "certification" and fits(spec)
        ]
        if rng.random() < 0.6:
            chosen.append(rng.choice(certifications))
    for slug in (*SUPPORT_TERMS, "market-germany"):
        if len(chosen) >= 2:
            break
        if slug not in chosen:
            chosen.append(slug)
    order = {spec.slug: index for index, spec in enumerate(COMPETENCES)}
    return tuple(sorted(dict.fromkeys(chosen), key=order.__getitem__)[:6])


def cluster_plan(*, today):
    """Draw the whole demo cluster for `today`."""
    draw = _Draw(today=today)
    plans = [*_curated(draw), *_startups(draw)]
    for kind, count in GENERATED_KINDS:
        plans.extend(_generated_company(draw, kind) for _ in range(count))
    keys = set()
    for plan in plans:
        base, suffix = plan.key, 2
        while plan.key in keys:
            plan.key = f"{base}-{suffix}"
            suffix += 1
        keys.add(plan.key)
    # The curated members stay active: the README's people and the council work for them.
    _set_statuses(draw, plans[len(CURATED_MEMBERS) :])
    for plan in plans:
        plan.competences = _competences_of(plan)
    return ClusterPlan(
        organisations=plans,
        council=_council(draw, plans),
        action_groups=_action_groups(draw, plans),
    )
