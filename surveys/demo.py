"""Two demo surveys with responses of the demo members: the members' needs (anonymous, open) and
a benchmarking of the cluster (ESCA-like indicators, named, closed).

A survey is found by its Polish title, so a second run writes nothing. Seeding sends no e-mail:
the surveys are marked sent without the invitation task, and the closed one is answered while
open, then its close is moved to the past.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from members.models import Organisation

from . import services
from .models import Recipient, Survey


@dataclass
class DemoQuestion:
    kind: str
    text: dict
    required: bool = False
    options: list = field(default_factory=list)  # [{"pl": ..., "en": ...}, ...]
    extra: dict = field(default_factory=dict)
    code: str = ""


@dataclass
class DemoSurvey:
    title: dict
    intro: dict
    anonymous: bool
    opened_days_ago: int
    closes_in_days: int  # negative: closed
    sections: list  # [(title dict, [DemoQuestion])]
    answer: Any  # (index, questions) -> answers by question id, or None for no response
    draft_every: int = 0  # every n-th organisation saves a draft only


def _o(pl, en, de=""):
    return {"pl": pl, "en": en, **({"de": de} if de else {})}


NEEDS = DemoSurvey(
    title=_o("Potrzeby członków 2026", "Members' needs 2026", "Bedarf der Mitglieder 2026"),
    intro=_o(
        "Ankieta anonimowa: biuro klastra widzi, kto odpowiedział, ale nie widzi, co. "
        "Wyniki posłużą do zaplanowania szkoleń i usług na przyszły rok.",
        "An anonymous survey: the cluster office sees who responded, not what. The results "
        "will shape next year's training and services.",
    ),
    anonymous=True,
    opened_days_ago=20,
    closes_in_days=10,
    sections=[
        (
            _o("Szkolenia i usługi", "Training and services"),
            [
                DemoQuestion(
                    "multiple",
                    _o("Jakich szkoleń potrzebujecie?", "Which training do you need?"),
                    required=True,
                    options=[
                        _o("Cyfryzacja produkcji", "Digitalisation of production"),
                        _o("Eksport i nowe rynki", "Export and new markets"),
                        _o("Zamówienia publiczne", "Public procurement"),
                        _o("Fundusze UE", "EU funding"),
                        _o("Cyberbezpieczeństwo", "Cybersecurity"),
                    ],
                ),
                DemoQuestion(
                    "single",
                    _o("Który obszar jest najpilniejszy?", "Which area is the most urgent?"),
                    required=True,
                    options=[
                        _o("Kadry", "Staff"),
                        _o("Innowacje", "Innovation"),
                        _o("Finansowanie", "Funding"),
                        _o("Energia", "Energy"),
                    ],
                ),
                DemoQuestion(
                    "scale",
                    _o(
                        "Czy przystąpilibyście do wspólnych zakupów?",
                        "Would you join joint purchases?",
                    ),
                    extra={
                        "scale_min": 1,
                        "scale_max": 5,
                        "scale_min_label_pl": "na pewno nie",
                        "scale_min_label_en": "certainly not",
                        "scale_max_label_pl": "na pewno tak",
                        "scale_max_label_en": "certainly",
                    },
                ),
            ],
        ),
        (
            _o("Budżet i uwagi", "Budget and comments"),
            [
                DemoQuestion(
                    "number",
                    _o("Roczny budżet na szkolenia (zł)", "Yearly training budget (PLN)"),
                    extra={"number_min": Decimal(0), "number_max": Decimal(10_000_000)},
                    code="training_budget",
                ),
                DemoQuestion(
                    "text", _o("Czego brakuje w klastrze?", "What does the cluster lack?")
                ),
            ],
        ),
    ],
    answer=lambda index, q: {
        q[0].pk: [q[0].opts[index % 5], q[0].opts[(index + 2) % 5]],
        q[1].pk: q[1].opts[index % 4],
        q[2].pk: 2 + index % 4,
        q[3].pk: Decimal(5000 + 2500 * (index % 6)),
        q[4].pk: [
            "Więcej spotkań B2B z partnerami z Niemiec.",
            "Wspólnego stoiska na targach.",
            "",
            "Doradztwa w zakresie zamówień publicznych.",
        ][index % 4],
    },
    draft_every=4,
)

BENCHMARKING = DemoSurvey(
    title=_o("Benchmarking klastra 2025", "Cluster benchmarking 2025", "Cluster-Benchmarking 2025"),
    intro=_o(
        "Wskaźniki do benchmarkingu zarządzania klastrem (ESCA, Brązowa Etykieta): zatrudnienie, "
        "B+R, eksport, udział we wspólnych projektach i ocena usług koordynatora.",
        "Indicators for the cluster management benchmarking (ESCA, Bronze Label): employment, "
        "R&D, export, joint projects and the rating of the coordinator's services.",
    ),
    anonymous=False,
    opened_days_ago=75,
    closes_in_days=-45,
    sections=[
        (
            _o("Organizacja", "Organisation"),
            [
                DemoQuestion(
                    "number",
                    _o("Liczba pracowników (etaty)", "Employees (full-time equivalents)"),
                    required=True,
                    extra={"number_min": Decimal(0), "number_max": Decimal(100000)},
                    code="employees",
                ),
                DemoQuestion(
                    "number",
                    _o("Pracownicy B+R (etaty)", "R&D staff (full-time equivalents)"),
                    extra={"number_min": Decimal(0), "number_max": Decimal(100000)},
                    code="rd_staff",
                ),
                DemoQuestion(
                    "number",
                    _o("Udział eksportu w przychodach (%)", "Export share of turnover (%)"),
                    extra={"number_min": Decimal(0), "number_max": Decimal(100)},
                    code="export_share",
                ),
            ],
        ),
        (
            _o("Współpraca w klastrze", "Cooperation in the cluster"),
            [
                DemoQuestion(
                    "single",
                    _o(
                        "Czy w 2025 r. uczestniczyliście we wspólnym projekcie?",
                        "Did you take part in a joint project in 2025?",
                    ),
                    required=True,
                    options=[_o("Tak", "Yes"), _o("Nie", "No")],
                    code="joint_project",
                ),
                DemoQuestion(
                    "multiple",
                    _o(
                        "Z jakich usług klastra korzystaliście?",
                        "Which cluster services did you use?",
                    ),
                    options=[
                        _o("Kojarzenie partnerów", "Matchmaking"),
                        _o("Szkolenia", "Training"),
                        _o("Internacjonalizacja", "Internationalisation"),
                        _o("Wsparcie innowacji", "Innovation support"),
                        _o("Dostęp do finansowania", "Access to funding"),
                    ],
                    code="services_used",
                ),
                DemoQuestion(
                    "scale",
                    _o(
                        "Ocena usług koordynatora",
                        "Rating of the coordinator's services",
                    ),
                    required=True,
                    extra={
                        "scale_min": 1,
                        "scale_max": 5,
                        "scale_min_label_pl": "bardzo źle",
                        "scale_min_label_en": "very poor",
                        "scale_max_label_pl": "bardzo dobrze",
                        "scale_max_label_en": "very good",
                    },
                    code="satisfaction",
                ),
            ],
        ),
    ],
    answer=lambda index, q: (
        None
        if index % 5 == 4
        else {
            q[0].pk: Decimal([12, 45, 230, 8, 1200, 60, 35][index % 7]),
            q[1].pk: Decimal([2, 6, 30, 1, 140, 9, 4][index % 7]),
            q[2].pk: Decimal([10, 35, 60, 0, 75, 20, 45][index % 7]),
            q[3].pk: q[3].opts[0 if index % 3 else 1],
            q[4].pk: [q[4].opts[index % 5], q[4].opts[(index + 1) % 5]],
            q[5].pk: [4, 5, 3, 4, 5, 2, 4][index % 7],
        }
    ),
)

DEMO_SURVEYS = (BENCHMARKING, NEEDS)


def _translated(prefix, texts):
    return {f"{prefix}_{code}": text for code, text in texts.items()}


def _seed_one(demo: DemoSurvey, *, actor: User | None, organisations: list) -> bool:
    if Survey.objects.filter(title_pl=demo.title["pl"]).exists():
        return False
    now = timezone.now()
    survey = services.survey_create(
        data={
            **_translated("title", demo.title),
            **_translated("intro", demo.intro),
            "opens_at": now - datetime.timedelta(days=demo.opened_days_ago),
            "closes_at": now + datetime.timedelta(days=max(demo.closes_in_days, 1)),
            "is_anonymous": demo.anonymous,
            "reminder_days": 3,
        },
        actor=actor,  # type: ignore[arg-type]
    )
    questions = []
    for position, (title, demo_questions) in enumerate(demo.sections, start=1):
        section = services.section_save(
            survey=survey,
            data={**_translated("title", title), "position": position},
            actor=actor,  # type: ignore[arg-type]
        )
        for demo_question in demo_questions:
            question = services.question_save(
                section=section,
                data={
                    "kind": demo_question.kind,
                    "required": demo_question.required,
                    "code": demo_question.code,
                    **_translated("text", demo_question.text),
                    **demo_question.extra,
                },
                options=[_translated("label", option) for option in demo_question.options],
                actor=actor,  # type: ignore[arg-type]
            )
            question.opts = list(question.options.all())
            questions.append(question)
    # Sent without the invitation task: the demo sends no e-mail.
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.SENT, sent_at=survey.opens_at)
    survey.refresh_from_db()
    for index, organisation in enumerate(organisations):
        Recipient.objects.get_or_create(survey=survey, organisation=organisation)
        answers = demo.answer(index, questions)
        if answers is None:
            continue
        draft = bool(demo.draft_every) and index % demo.draft_every == demo.draft_every - 1
        person = organisation.primary_representative
        services.response_save(
            survey=survey,
            organisation=organisation,
            answers=answers,
            submit=not draft,
            actor=person.user if person and person.user else actor,  # type: ignore[arg-type]
        )
    if demo.closes_in_days < 0:
        Survey.objects.filter(pk=survey.pk).update(
            closes_at=now + datetime.timedelta(days=demo.closes_in_days)
        )
    return True


@transaction.atomic
def demo_surveys_seed(*, coordinator_email: str | None = None) -> int:
    """Add the demo surveys that are missing; return how many were created."""
    coordinators = User.objects.filter(is_coordinator=True).order_by("pk")
    if coordinator_email:
        coordinators = coordinators.filter(email=coordinator_email)
    actor = coordinators.first()
    organisations = list(
        Organisation.objects.active()
        .filter(primary_representative__isnull=False)
        .select_related("primary_representative__user")
        .order_by("name")
    )
    return sum(_seed_one(demo, actor=actor, organisations=organisations) for demo in DEMO_SURVEYS)
