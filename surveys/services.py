"""Writes to the surveys app: each keyword-only, typed, atomic and audit-logged.

The builder (survey, sections, questions and their options), sending with invitations, responses
(draft and submit, one per organisation) and reminders.

Editing the questions is locked once a response exists (draft or submitted) rather than
versioned: answers are only comparable when everyone answered the same questions, and one set
of results per survey keeps the aggregation, the export and the reports simple. Texts (title,
introduction), the close and the reminder stay editable; a coordinator who needs other questions
copies the survey into a new one.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.audit import audit_log
from core.emails import email_queue
from core.links import absolute_url
from core.services import audited_update
from members.models import Organisation, Person

from .models import (
    SCALE_MAX_POINTS,
    TEXT_ANSWER_MAX,
    Answer,
    Notice,
    Option,
    Question,
    Recipient,
    Response,
    Section,
    Survey,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SURVEY_FIELDS = [
    *(f"title_{code}" for code in LANGUAGES),
    *(f"intro_{code}" for code in LANGUAGES),
    "opens_at",
    "closes_at",
    "is_anonymous",
    "reminder_days",
]
# What stays editable once responses exist: texts and dates that do not change what was asked.
SURVEY_FIELDS_WHEN_LOCKED = frozenset(
    [
        *(f"title_{code}" for code in LANGUAGES),
        *(f"intro_{code}" for code in LANGUAGES),
        "closes_at",
        "reminder_days",
    ]
)
SECTION_FIELDS = [*(f"title_{code}" for code in LANGUAGES), "position"]
QUESTION_FIELDS = [
    "kind",
    "position",
    "required",
    "code",
    "scale_min",
    "scale_max",
    "number_min",
    "number_max",
    *(f"{field}_{code}" for field in ("text", "help_text") for code in LANGUAGES),
    *(f"{field}_{code}" for field in ("scale_min_label", "scale_max_label") for code in LANGUAGES),
]

AnswerValue = Option | list[Option] | int | Decimal | str | None


def _refuse(message: Any, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def survey_is_locked(survey: Survey) -> bool:
    """Whether the questions can no longer change: some organisation has answered."""
    return Response.objects.filter(survey=survey).exists()


def _check_structure_editable(survey: Survey) -> None:
    if survey_is_locked(survey):
        raise _refuse(
            _("Responses already exist: the questions can no longer change."), "survey_locked"
        )


def _check_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"fields this form may not set: {sorted(unknown)}")


# --- The builder --------------------------------------------------------------------------------


@transaction.atomic
def survey_create(*, data: Mapping[str, Any], actor: User) -> Survey:
    _check_fields(data, SURVEY_FIELDS)
    survey = Survey(created_by=actor)
    audited_update(
        actor=actor,
        instance=survey,
        data=data,
        fields=SURVEY_FIELDS,
        audit_action="survey.created",
        log_unchanged=True,
    )
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, data: Mapping[str, Any], actor: User) -> dict[str, Any]:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_fields(data, SURVEY_FIELDS)
    current = {name: getattr(survey, name) for name in data}
    changed = {name for name, value in data.items() if current[name] != value}
    if survey_is_locked(survey) and changed - SURVEY_FIELDS_WHEN_LOCKED:
        raise _refuse(
            _("Responses already exist: only the texts, the close and the reminder can change."),
            "survey_locked",
        )
    if survey.status == Survey.Status.SENT and "is_anonymous" in changed:
        raise _refuse(
            _("The survey has been sent: whether it is anonymous can no longer change."),
            "anonymity_fixed",
        )
    return audited_update(
        actor=actor, instance=survey, data=data, fields=SURVEY_FIELDS, audit_action="survey.updated"
    )


@transaction.atomic
def section_save(
    *, survey: Survey, data: Mapping[str, Any], actor: User, section: Section | None = None
) -> Section:
    """Add a section to a survey, or change one of its sections."""
    _check_fields(data, SECTION_FIELDS)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_structure_editable(survey)
    if section is None:
        section = Section(survey=survey)
        if "position" not in data:
            section.position = survey.sections.count() + 1
    elif section.survey_id != survey.pk:
        raise ValueError("the section belongs to another survey")
    audited_update(
        actor=actor,
        instance=section,
        data=data,
        fields=SECTION_FIELDS,
        audit_action="survey.section_saved",
        parent=survey,
    )
    return section


@transaction.atomic
def section_delete(*, section: Section, actor: User) -> None:
    survey = Survey.objects.select_for_update().get(pk=section.survey_id)
    _check_structure_editable(survey)
    audit_log(
        actor=actor,
        action="survey.section_deleted",
        target=section,
        parent=survey,
        changes={"title": section.title},
    )
    section.delete()


def _options_data(options: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    cleaned = []
    for labels in options:
        _check_fields(labels, [f"label_{code}" for code in LANGUAGES])
        row = {name: str(value).strip() for name, value in labels.items()}
        if row.get(f"label_{settings.LANGUAGE_CODE}"):
            cleaned.append(row)
    return cleaned


def _check_question(question: Question, options: list[dict[str, str]]) -> None:
    if question.has_options and len(options) < 2:
        raise ValidationError(
            {"options_pl": _("A choice question needs at least two options.")}, code="options"
        )
    if question.kind == Question.Kind.SCALE:
        if question.scale_min is None or question.scale_max is None:
            raise ValidationError(
                {"scale_max": _("Give the lowest and the highest point of the scale.")},
                code="scale",
            )
        if question.scale_max - question.scale_min + 1 > SCALE_MAX_POINTS:
            raise ValidationError(
                {"scale_max": _("A scale has at most 11 points.")}, code="scale_points"
            )


def _clear_unused(question: Question) -> None:
    """Keep only the kind's own settings: a text question has no scale, a scale no bounds."""
    if question.kind != Question.Kind.SCALE:
        question.scale_min = question.scale_max = None
        for code in LANGUAGES:
            setattr(question, f"scale_min_label_{code}", "")
            setattr(question, f"scale_max_label_{code}", "")
    if question.kind != Question.Kind.NUMBER:
        question.number_min = question.number_max = None


@transaction.atomic
def question_save(
    *,
    section: Section,
    data: Mapping[str, Any],
    options: Sequence[Mapping[str, str]] = (),
    actor: User,
    question: Question | None = None,
) -> Question:
    """Add a question to a section, or change one; `options` are their labels by language."""
    _check_fields(data, QUESTION_FIELDS)
    survey = Survey.objects.select_for_update().get(pk=section.survey_id)
    _check_structure_editable(survey)
    if question is None:
        question = Question(survey=survey, section=section)
        if "position" not in data:
            question.position = section.questions.count() + 1
    elif question.survey_id != survey.pk:
        raise ValueError("the question belongs to another survey")
    question.section = section
    cleaned = _options_data(options)

    def prepare() -> None:
        assert question is not None
        _clear_unused(question)

    def check() -> None:
        assert question is not None
        _check_question(question, cleaned)

    def related() -> dict[str, Any]:
        assert question is not None
        before = [option.label for option in question.options.all()]
        question.options.all().delete()
        if question.has_options:
            Option.objects.bulk_create(
                Option(question=question, position=index, **labels)
                for index, labels in enumerate(cleaned, start=1)
            )
        after = [labels[f"label_{settings.LANGUAGE_CODE}"] for labels in cleaned]
        after = after if question.has_options else []
        return {"options": [before, after]} if before != after else {}

    audited_update(
        actor=actor,
        instance=question,
        data=data,
        fields=QUESTION_FIELDS,
        audit_action="survey.question_saved",
        parent=survey,
        prepare=prepare,
        check=check,
        related=related,
    )
    return question


@transaction.atomic
def question_delete(*, question: Question, actor: User) -> None:
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _check_structure_editable(survey)
    audit_log(
        actor=actor,
        action="survey.question_deleted",
        target=question,
        parent=survey,
        changes={"text": question.text},
    )
    question.delete()


@transaction.atomic
def survey_send(*, survey: Survey, actor: User) -> Survey:
    """Send the survey: it opens for answers at its opening time and invitations go out."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == Survey.Status.SENT:
        raise _refuse(_("The survey has already been sent."), "already_sent")
    if survey.closes_at <= timezone.now():
        raise _refuse(_("The survey's close is in the past: move it first."), "closed")
    questions = list(survey.questions.prefetch_related("options"))
    if not questions:
        raise _refuse(_("Add at least one question before sending."), "no_questions")
    for question in questions:
        if question.has_options and len(question.options.all()) < 2:
            raise _refuse(_("Every choice question needs at least two options."), "missing_options")
    survey.status = Survey.Status.SENT
    survey.sent_at = timezone.now()
    survey.save(update_fields=["status", "sent_at", "updated_at"])
    audit_log(actor=actor, action="survey.sent", target=survey)
    from .tasks import survey_invitations_send as invitations_task

    survey_id = survey.pk
    transaction.on_commit(lambda: invitations_task.delay(survey_id))
    return survey


# --- Invitations and reminders ------------------------------------------------------------------


def addressees(organisation: Organisation) -> list[Person]:
    """Who gets the survey for an organisation: its primary representative, else every
    representative (an e-mail each, in their language)."""
    primary = organisation.primary_representative
    if primary is not None and primary.email and primary.erased_on is None:
        return [primary]
    return list(
        organisation.people.filter(role=Person.Role.REPRESENTATIVE, erased_on__isnull=True)
        .exclude(email="")
        .order_by("pk")
    )


def _notice_send(*, survey: Survey, organisation: Organisation, kind: str) -> bool:
    """Create the notice and queue its e-mails, once per (survey, organisation, kind)."""
    with transaction.atomic():
        notice, created = Notice.objects.get_or_create(
            survey=survey, organisation=organisation, kind=kind
        )
        if not created:
            return False
        people = addressees(organisation)
        for person in people:
            language = person.language or settings.LANGUAGE_CODE
            with translation.override(language):
                link = absolute_url(reverse("surveys:detail", kwargs={"pk": survey.pk}))
            email_queue(
                to=person.email,
                template=f"surveys_{kind}",
                language=language,
                context={
                    "survey": survey,
                    "person": person,
                    "organisation": organisation,
                    "link": link,
                },
            )
        notice.recipients = len(people)
        notice.save(update_fields=["recipients"])
    return True


def survey_invitations_send(*, survey_id: int) -> int:
    """Invite every active member's representative; run again, it sends nothing twice."""
    survey = Survey.objects.filter(pk=survey_id, status=Survey.Status.SENT).first()
    if survey is None or survey.is_closed():
        return 0
    sent = 0
    organisations = Organisation.objects.active().select_related("primary_representative")
    for organisation in organisations:
        Recipient.objects.get_or_create(survey=survey, organisation=organisation)
        sent += _notice_send(survey=survey, organisation=organisation, kind=Notice.Kind.INVITATION)
    return sent


def survey_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind the members that have not submitted, `reminder_days` before each survey closes."""
    now = now or timezone.now()
    sent = 0
    surveys = Survey.objects.filter(
        status=Survey.Status.SENT, opens_at__lte=now, closes_at__gt=now, reminder_days__gt=0
    )
    for survey in surveys:
        if survey.closes_at - datetime.timedelta(days=survey.reminder_days) > now:
            continue
        submitted = Recipient.objects.filter(survey=survey, submitted_at__isnull=False).values(
            "organisation_id"
        )
        organisations = (
            Organisation.objects.active()
            .exclude(pk__in=submitted)
            .select_related("primary_representative")
        )
        for organisation in organisations:
            sent += _notice_send(
                survey=survey, organisation=organisation, kind=Notice.Kind.REMINDER
            )
    return sent


# --- Responses ----------------------------------------------------------------------------------


def _answer_value(question: Question, value: Any) -> AnswerValue:
    """Check one answer against its question; raise a ValidationError naming the question."""
    field = f"q{question.pk}"
    if value in (None, "", []):
        return None
    if question.kind == Question.Kind.SINGLE:
        if not isinstance(value, Option) or value.question_id != question.pk:
            raise ValidationError({field: _("Choose one of the options.")}, code="option")
        return value
    if question.kind == Question.Kind.MULTIPLE:
        values = list(value) if isinstance(value, list | tuple | set) else [value]
        if any(not isinstance(item, Option) or item.question_id != question.pk for item in values):
            raise ValidationError({field: _("Choose from the options.")}, code="option")
        return values
    if question.kind == Question.Kind.SCALE:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or (value not in question.scale_points())
        ):
            raise ValidationError({field: _("Choose a point of the scale.")}, code="scale")
        return value
    if question.kind == Question.Kind.NUMBER:
        if not isinstance(value, int | Decimal) or isinstance(value, bool):
            raise ValidationError({field: _("Enter a number.")}, code="number")
        number = Decimal(value)
        if not number.is_finite() or abs(number) >= Decimal("1e12"):
            raise ValidationError({field: _("Enter a number.")}, code="number")
        if question.number_min is not None and number < question.number_min:
            raise ValidationError({field: _("The number is too small.")}, code="number_min")
        if question.number_max is not None and number > question.number_max:
            raise ValidationError({field: _("The number is too large.")}, code="number_max")
        return number.quantize(Decimal("0.01"))
    text = str(value).strip()
    if len(text) > TEXT_ANSWER_MAX:
        raise ValidationError({field: _("The answer is too long.")}, code="text_length")
    return text or None


def _clean_answers(
    questions: Sequence[Question], answers: Mapping[int, Any], *, submit: bool
) -> dict[Question, AnswerValue]:
    by_pk = {question.pk: question for question in questions}
    unknown = set(answers) - set(by_pk)
    if unknown:
        raise _refuse(_("The answers name questions this survey does not have."), "foreign")
    cleaned: dict[Question, AnswerValue] = {}
    errors: dict[str, list[ValidationError]] = {}
    for question in questions:
        try:
            value = _answer_value(question, answers.get(question.pk))
        except ValidationError as error:
            for field, messages in error.error_dict.items():
                errors.setdefault(field, []).extend(messages)
            continue
        if value is None and submit and question.required:
            errors.setdefault(f"q{question.pk}", []).append(
                ValidationError(_("This question needs an answer."), code="required")
            )
        cleaned[question] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _write_answers(response: Response, cleaned: Mapping[Question, AnswerValue]) -> None:
    response.answers.all().delete()
    through = Answer.options.through
    links: list[Any] = []
    for question, value in cleaned.items():
        if value is None:
            continue
        answer = Answer(response=response, question=question)
        if isinstance(value, Option):
            chosen = [value]
        elif isinstance(value, list):
            chosen = value
        else:
            chosen = []
            if isinstance(value, str):
                answer.text = value
            else:
                answer.number = Decimal(value)
        answer.save()
        links.extend(through(answer_id=answer.pk, option_id=option.pk) for option in chosen)
    through.objects.bulk_create(links)


def _check_open(survey: Survey) -> None:
    if survey.status != Survey.Status.SENT or survey.opens_at > timezone.now():
        raise _refuse(_("The survey is not open yet."), "not_open")
    if survey.is_closed():
        raise _refuse(_("The survey is closed: answers can no longer change."), "closed")


def _recipient_locked(survey: Survey, organisation: Organisation) -> Recipient:
    """Return the organisation's recipient row, locked: its people's saves take turns."""
    recipient, _created = Recipient.objects.get_or_create(survey=survey, organisation=organisation)
    return Recipient.objects.select_for_update().get(pk=recipient.pk)


@transaction.atomic
def response_save(
    *,
    survey: Survey,
    organisation: Organisation,
    answers: Mapping[int, Any],
    submit: bool,
    actor: User,
) -> Response | None:
    """Save an organisation's answers as a draft, or submit them.

    `answers` maps question ids to values (an Option, a list of Options, an int on a scale, a
    Decimal, a text). A named response stays editable until the close. An anonymous response is
    final once submitted: it is written again without its organisation (None is returned, since
    nothing may lead back to it) and the draft is deleted.
    """
    if organisation.status != Organisation.Status.ACTIVE:
        raise _refuse(_("Only active members answer the cluster's surveys."), "not_member")
    recipient = _recipient_locked(survey, organisation)
    survey = Survey.objects.get(pk=survey.pk)
    _check_open(survey)
    if survey.is_anonymous and recipient.submitted_at is not None:
        raise _refuse(
            _("Your organisation has already submitted this anonymous survey."), "submitted"
        )
    draft = Response.objects.filter(survey=survey, organisation=organisation).first()
    if draft is not None and draft.status == Response.Status.SUBMITTED:
        submit = True  # a submitted response is changed, never turned back into a draft
    questions = list(survey.questions.all())
    cleaned = _clean_answers(questions, answers, submit=submit)
    now = timezone.now()
    if submit and survey.is_anonymous:
        response = Response.objects.create(
            survey=survey,
            organisation=None,
            member_kind=organisation.kind,
            status=Response.Status.SUBMITTED,
        )
        _write_answers(response, cleaned)
        if draft is not None:
            draft.delete()
        recipient.submitted_at = now
        recipient.save(update_fields=["submitted_at"])
        # The trail names who submitted for the organisation, never the response.
        audit_log(actor=actor, action="survey.anonymous_submitted", target=recipient)
        return None
    first_submission = submit and (draft is None or draft.status == Response.Status.DRAFT)
    if draft is None:
        draft = Response(survey=survey, organisation=organisation)
    draft.member_kind = organisation.kind
    draft.updated_at = now
    if submit:
        draft.status = Response.Status.SUBMITTED
        draft.submitted_at = now
    draft.save()
    _write_answers(draft, cleaned)
    if submit:
        if recipient.submitted_at is None:
            recipient.submitted_at = now
            recipient.save(update_fields=["submitted_at"])
        audit_log(
            actor=actor,
            action="survey.response_submitted" if first_submission else "survey.response_changed",
            target=draft,
            parent=survey,
        )
    return draft
