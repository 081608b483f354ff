"""Surveys built through the services, as the coordinator builds them."""

import datetime
from decimal import Decimal

from django.utils import timezone

from surveys import services
from surveys.models import Survey


def survey_build(*, actor, anonymous=False, sent=True, title="Potrzeby członków", **dates):
    """A survey with one section and one question of each kind; sent unless `sent=False`."""
    now = timezone.now()
    survey = services.survey_create(
        data={
            "title_pl": title,
            "title_en": "Members' needs" if title == "Potrzeby członków" else "",
            "intro_pl": "Prosimy o odpowiedzi.",
            "opens_at": dates.get("opens_at", now - datetime.timedelta(days=1)),
            "closes_at": dates.get("closes_at", now + datetime.timedelta(days=10)),
            "is_anonymous": anonymous,
            "reminder_days": 3,
        },
        actor=actor,
    )
    section = services.section_save(survey=survey, data={"title_pl": "Ogólne"}, actor=actor)
    questions = {}
    questions["single"] = services.question_save(
        section=section,
        data={
            "kind": "single",
            "text_pl": "Czy eksportujecie?",
            "text_en": "Do you export?",
            "required": True,
        },
        options=[{"label_pl": "Tak", "label_en": "Yes"}, {"label_pl": "Nie", "label_en": "No"}],
        actor=actor,
    )
    questions["multiple"] = services.question_save(
        section=section,
        data={"kind": "multiple", "text_pl": "Jakie szkolenia?"},
        options=[{"label_pl": "Cyfryzacja"}, {"label_pl": "Eksport"}, {"label_pl": "Prawo"}],
        actor=actor,
    )
    questions["scale"] = services.question_save(
        section=section,
        data={
            "kind": "scale",
            "text_pl": "Ocena klastra",
            "scale_min": 1,
            "scale_max": 5,
            "scale_min_label_pl": "źle",
            "scale_max_label_pl": "dobrze",
        },
        actor=actor,
    )
    questions["number"] = services.question_save(
        section=section,
        data={
            "kind": "number",
            "text_pl": "Zatrudnienie",
            "number_min": Decimal(0),
            "number_max": Decimal(100000),
            "code": "employees",
        },
        actor=actor,
    )
    questions["text"] = services.question_save(
        section=section, data={"kind": "text", "text_pl": "Uwagi"}, actor=actor
    )
    if sent:
        survey = services.survey_send(survey=survey, actor=actor)
    survey = Survey.objects.get(pk=survey.pk)
    return survey, questions


def answers_for(questions, *, single=0, multiple=(0,), scale=4, number="12", text="Dobrze"):
    options = {kind: list(q.options.all()) for kind, q in questions.items()}
    return {
        questions["single"].pk: options["single"][single],
        questions["multiple"].pk: [options["multiple"][i] for i in multiple],
        questions["scale"].pk: scale,
        questions["number"].pk: Decimal(number),
        questions["text"].pk: text,
    }
