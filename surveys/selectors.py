"""Reads of the surveys app: what a member is asked, the results, the exports.

A stable API for other apps (the reports app's annual report reads it):

- `surveys_in_period(*, start, end)` -> list[SurveySummary]: the surveys sent that closed in the
  period, with recipients, responses and the response rate;
- `survey_results(*, survey, member_kind=None)` -> list[QuestionResult]: aggregated answers per
  question, for charts (`core.charts`) and tables.
"""

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import Organisation

from .models import Answer, Option, Question, Recipient, Response, Section, Survey

# An anonymous survey shows no results for a group of fewer responses than this: one or two
# members of a type could otherwise be told apart.
ANONYMITY_THRESHOLD = 3


@dataclass(frozen=True)
class SurveySummary:
    survey: Survey
    recipients: int
    responses: int

    @property
    def response_rate(self) -> Decimal | None:
        """The share of recipients that submitted, in per cent with one decimal."""
        if not self.recipients:
            return None
        return (Decimal(self.responses) * 100 / self.recipients).quantize(Decimal("0.1"))


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    # (label, count) for choices and scale points, in the question's order.
    counts: list[tuple[str, int]] = field(default_factory=list)
    # Number questions and scales.
    mean: Decimal | None = None
    median: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    total: Decimal | None = None
    texts: list[str] = field(default_factory=list)


def surveys_for_panel() -> QuerySet[Survey]:
    return Survey.objects.annotate(
        submitted_count=Count(
            "responses", filter=Q(responses__status=Response.Status.SUBMITTED), distinct=True
        ),
        question_count=Count("questions", distinct=True),
    ).order_by("-opens_at", "-id")


def surveys_open(*, now: datetime.datetime) -> QuerySet[Survey]:
    """Sent surveys open at `now`, closing first first, with how many members have responded."""
    return (
        Survey.objects.filter(status=Survey.Status.SENT, opens_at__lte=now, closes_at__gt=now)
        .annotate(
            recipient_count=Count("recipients", distinct=True),
            responded_count=Count(
                "recipients", filter=Q(recipients__submitted_at__isnull=False), distinct=True
            ),
        )
        .order_by("closes_at", "pk")
    )


def survey_structure(survey: Survey) -> list[Section]:
    """The survey's sections with their questions and options, in order (two queries each)."""
    return list(
        survey.sections.prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position", "id").prefetch_related("options"),
            )
        ).order_by("position", "id")
    )


def surveys_for_organisation(*, organisation: Organisation) -> list[dict[str, Any]]:
    """The sent surveys an active member is asked, with where its answer stands."""
    surveys = list(Survey.objects.filter(status=Survey.Status.SENT).order_by("-closes_at", "-id"))
    recipients = {
        recipient.survey_id: recipient
        for recipient in Recipient.objects.filter(organisation=organisation, survey__in=surveys)
    }
    responses = {
        response.survey_id: response
        for response in Response.objects.filter(organisation=organisation, survey__in=surveys)
    }
    now = timezone.now()
    rows = []
    for survey in surveys:
        recipient = recipients.get(survey.pk)
        response = responses.get(survey.pk)
        rows.append(
            {
                "survey": survey,
                "is_open": survey.is_open(now=now),
                "is_closed": survey.is_closed(now=now),
                "submitted_at": recipient.submitted_at if recipient else None,
                "has_draft": response is not None and response.status == Response.Status.DRAFT,
            }
        )
    return rows


def sent_survey_or_none(pk: int) -> Survey | None:
    return Survey.objects.filter(pk=pk, status=Survey.Status.SENT).first()


def response_of(*, survey: Survey, organisation: Organisation) -> Response | None:
    return (
        Response.objects.filter(survey=survey, organisation=organisation)
        .prefetch_related("answers__options")
        .first()
    )


def recipient_of(*, survey: Survey, organisation: Organisation) -> Recipient | None:
    return Recipient.objects.filter(survey=survey, organisation=organisation).first()


def answers_initial(response: Response | None) -> dict[str, Any]:
    """The answers of a response as a response form's initial values (`q<id>` fields)."""
    if response is None:
        return {}
    initial: dict[str, Any] = {}
    for answer in response.answers.all():
        kind = answer.question.kind
        name = f"q{answer.question_id}"
        options = [option.pk for option in answer.options.all()]
        if kind == Question.Kind.SINGLE:
            initial[name] = options[0] if options else None
        elif kind == Question.Kind.MULTIPLE:
            initial[name] = options
        elif kind == Question.Kind.SCALE:
            initial[name] = int(answer.number) if answer.number is not None else None
        elif kind == Question.Kind.NUMBER:
            initial[name] = answer.number
        else:
            initial[name] = answer.text
    return initial


def submitted_responses(survey: Survey, *, member_kind: str | None = None) -> QuerySet[Response]:
    responses = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
    if member_kind:
        responses = responses.filter(member_kind=member_kind)
    return responses


def member_kinds_shown(survey: Survey) -> list[tuple[str, str, int]]:
    """The member types with submitted responses: (code, label, count); an anonymous survey
    lists only the types with at least ANONYMITY_THRESHOLD responses."""
    counts = dict(
        submitted_responses(survey)
        .values_list("member_kind")
        .annotate(count=Count("pk"))
        .values_list("member_kind", "count")
    )
    labels = dict(Organisation.Kind.choices)
    return [
        (code, str(labels.get(code, code)), counts[code])
        for code in labels
        if counts.get(code) and (not survey.is_anonymous or counts[code] >= ANONYMITY_THRESHOLD)
    ]


def _decimal(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def survey_results(*, survey: Survey, member_kind: str | None = None) -> list[QuestionResult]:
    """Aggregate the submitted answers per question (a fixed number of queries)."""
    responses = submitted_responses(survey, member_kind=member_kind)
    if survey.is_anonymous and member_kind and responses.count() < ANONYMITY_THRESHOLD:
        responses = responses.none()
    questions = list(
        Question.objects.filter(survey=survey)
        .select_related("section")
        .prefetch_related("options")
        .order_by("section__position", "section_id", "position", "id")
    )
    answers = Answer.objects.filter(response__in=responses).values(
        "pk", "question_id", "number", "text"
    )
    numbers: dict[int, list[Decimal]] = defaultdict(list)
    texts: dict[int, list[str]] = defaultdict(list)
    answered: Counter[int] = Counter()
    for row in answers:
        answered[row["question_id"]] += 1
        if row["number"] is not None:
            numbers[row["question_id"]].append(row["number"])
        if row["text"]:
            texts[row["question_id"]].append(row["text"])
    chosen = Counter(
        Answer.options.through.objects.filter(answer__response__in=responses).values_list(
            "option_id", flat=True
        )
    )
    results = []
    for question in questions:
        result = QuestionResult(question=question, answered=answered[question.pk])
        values = numbers[question.pk]
        if question.has_options:
            result.counts = [(option.label, chosen[option.pk]) for option in question.options.all()]
        elif question.kind == Question.Kind.SCALE:
            by_point = Counter(int(value) for value in values)
            result.counts = [
                (_scale_label(question, point), by_point[point])
                for point in question.scale_points()
            ]
        elif question.kind == Question.Kind.TEXT:
            result.texts = sorted(texts[question.pk])
        if values:
            result.mean = _decimal(statistics.fmean(values))
            result.median = _decimal(statistics.median(values))
            result.minimum, result.maximum = min(values), max(values)
            result.total = sum(values, Decimal(0))
        results.append(result)
    return results


def _scale_label(question: Question, point: int) -> str:
    if point == question.scale_min and question.scale_min_label:
        return f"{point} – {question.scale_min_label}"
    if point == question.scale_max and question.scale_max_label:
        return f"{point} – {question.scale_max_label}"
    return str(point)


def export_rows(survey: Survey) -> tuple[list[str], list[list[Any]]]:
    """One row per submitted response: the organisation (named surveys only) and each answer."""
    questions = list(
        Question.objects.filter(survey=survey).order_by(
            "section__position", "section_id", "position", "id"
        )
    )
    responses = (
        submitted_responses(survey)
        .select_related("organisation")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.prefetch_related("options")))
    )
    # Random keys: the order tells nothing about who answered first.
    responses = responses.order_by("organisation__name", "pk")
    kinds = dict(Organisation.Kind.choices)
    headers: list[str] = []
    if not survey.is_anonymous:
        headers += [
            str(Organisation._meta.get_field("name").verbose_name),
            str(Response._meta.get_field("member_kind").verbose_name),
            str(Response._meta.get_field("submitted_at").verbose_name),
        ]
    headers += [question.code or question.text for question in questions]
    rows = []
    for response in responses:
        by_question = {answer.question_id: answer for answer in response.answers.all()}
        row: list[Any] = []
        if not survey.is_anonymous:
            assert response.organisation is not None
            row += [
                response.organisation.name,
                str(kinds.get(response.member_kind, response.member_kind)),
                timezone.localtime(response.submitted_at).replace(tzinfo=None)
                if response.submitted_at
                else None,
            ]
        for question in questions:
            row.append(_export_value(question, by_question.get(question.pk)))
        rows.append(row)
    return headers, rows


def _export_value(question: Question, answer: Answer | None) -> Any:
    if answer is None:
        return None
    if question.has_options:
        return "; ".join(option.label for option in answer.options.all())
    if question.kind == Question.Kind.SCALE and answer.number is not None:
        return int(answer.number)
    if question.kind == Question.Kind.NUMBER:
        return answer.number
    return answer.text


def surveys_in_period(*, start: datetime.date, end: datetime.date) -> list[SurveySummary]:
    """The surveys sent that closed between `start` and `end` (inclusive), for the reports."""
    surveys = (
        Survey.objects.filter(
            status=Survey.Status.SENT, closes_at__date__gte=start, closes_at__date__lte=end
        )
        .annotate(
            recipient_count=Count("recipients", distinct=True),
            submitted_count=Count(
                "recipients", filter=Q(recipients__submitted_at__isnull=False), distinct=True
            ),
        )
        .order_by("closes_at", "id")
    )
    return [
        SurveySummary(
            survey=survey,
            recipients=survey.recipient_count,
            responses=survey.submitted_count,
        )
        for survey in surveys
    ]


def option_of(*, question: Question, pk: int) -> Option | None:
    return Option.objects.filter(question=question, pk=pk).first()


def survey_summary(survey: Survey) -> SurveySummary:
    """How many organisations the survey went to and how many have submitted."""
    recipients = Recipient.objects.filter(survey=survey)
    return SurveySummary(
        survey=survey,
        recipients=recipients.count(),
        responses=recipients.filter(submitted_at__isnull=False).count(),
    )
