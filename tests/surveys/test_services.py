"""Surveys' services: the builder and its lock, drafts and submission, one response per
organisation, the close, anonymity, invitations and reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core.models import AuditEntry, OutboundEmail
from members.models import Person
from surveys import selectors, services
from surveys.models import Answer, Notice, Option, Question, Recipient, Response, Survey
from tests.factories import PersonFactory, active_member

from .factories import answers_for, survey_build

pytestmark = pytest.mark.django_db


def test_the_builder_keeps_sections_questions_and_translated_options(coordinator):
    survey, questions = survey_build(actor=coordinator, sent=False)

    assert survey.status == Survey.Status.DRAFT
    single = questions["single"]
    assert [o.label_pl for o in single.options.all()] == ["Tak", "Nie"]
    assert [o.label_en for o in single.options.all()] == ["Yes", "No"]
    # A scale's settings stay on a scale only: a number question has no scale.
    assert questions["number"].scale_min is None
    assert questions["scale"].number_min is None
    assert AuditEntry.objects.filter(action="survey.question_saved").count() == 5


def test_a_choice_question_needs_two_options(coordinator):
    survey, _questions = survey_build(actor=coordinator, sent=False)
    section = survey.sections.get()
    with pytest.raises(ValidationError):
        services.question_save(
            section=section,
            data={"kind": "single", "text_pl": "Jedna?"},
            options=[{"label_pl": "Tylko"}],
            actor=coordinator,
        )


def test_a_scale_has_at_most_eleven_points(coordinator):
    survey, _questions = survey_build(actor=coordinator, sent=False)
    with pytest.raises(ValidationError):
        services.question_save(
            section=survey.sections.get(),
            data={"kind": "scale", "text_pl": "Skala", "scale_min": 0, "scale_max": 50},
            actor=coordinator,
        )


def test_questions_are_locked_once_a_response_exists(coordinator, representative):
    survey, questions = survey_build(actor=coordinator)
    organisation = representative.person.organisation
    services.response_save(
        survey=survey, organisation=organisation, answers={}, submit=False, actor=representative
    )

    assert services.survey_is_locked(survey)
    with pytest.raises(ValidationError):
        services.question_save(
            section=questions["text"].section,
            question=questions["text"],
            data={"kind": "text", "text_pl": "Inne uwagi"},
            actor=coordinator,
        )
    with pytest.raises(ValidationError):
        services.question_delete(question=questions["text"], actor=coordinator)
    with pytest.raises(ValidationError):
        services.survey_update(survey=survey, data={"is_anonymous": True}, actor=coordinator)
    # Texts and the close still change.
    later = survey.closes_at + datetime.timedelta(days=2)
    services.survey_update(
        survey=survey, data={"title_de": "Bedarf", "closes_at": later}, actor=coordinator
    )
    survey.refresh_from_db()
    assert survey.closes_at == later


def test_sending_needs_a_question(coordinator):
    now = timezone.now()
    survey = services.survey_create(
        data={"title_pl": "Pusta", "opens_at": now, "closes_at": now + datetime.timedelta(days=1)},
        actor=coordinator,
    )
    with pytest.raises(ValidationError):
        services.survey_send(survey=survey, actor=coordinator)


def test_a_draft_is_saved_partial_and_submission_asks_for_required_answers(
    coordinator, representative
):
    survey, questions = survey_build(actor=coordinator)
    organisation = representative.person.organisation
    draft = services.response_save(
        survey=survey,
        organisation=organisation,
        answers={questions["text"].pk: "Szkic"},
        submit=False,
        actor=representative,
    )
    assert draft.status == Response.Status.DRAFT
    assert Recipient.objects.get(survey=survey, organisation=organisation).submitted_at is None

    with pytest.raises(ValidationError) as error:
        services.response_save(
            survey=survey,
            organisation=organisation,
            answers={questions["text"].pk: "Szkic"},
            submit=True,
            actor=representative,
        )
    assert f"q{questions['single'].pk}" in error.value.error_dict

    response = services.response_save(
        survey=survey,
        organisation=organisation,
        answers=answers_for(questions),
        submit=True,
        actor=representative,
    )
    assert response.pk == draft.pk
    assert response.status == Response.Status.SUBMITTED
    assert response.answers.count() == 5
    assert Recipient.objects.get(survey=survey, organisation=organisation).submitted_at


def test_a_submitted_response_is_editable_until_the_close_and_stays_one(
    coordinator, representative
):
    survey, questions = survey_build(actor=coordinator)
    organisation = representative.person.organisation
    colleague = PersonFactory(organisation=organisation, role=Person.Role.REPRESENTATIVE)
    services.response_save(
        survey=survey,
        organisation=organisation,
        answers=answers_for(questions),
        submit=True,
        actor=representative,
    )
    # A second representative changes the organisation's answers; a "draft" keeps it submitted.
    services.response_save(
        survey=survey,
        organisation=organisation,
        answers=answers_for(questions, single=1, number="30"),
        submit=False,
        actor=colleague.user,
    )

    response = Response.objects.get(survey=survey)
    assert response.status == Response.Status.SUBMITTED
    assert response.answers.get(question=questions["number"]).number == Decimal("30.00")
    assert AuditEntry.objects.filter(action="survey.response_changed").exists()

    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        services.response_save(
            survey=survey,
            organisation=organisation,
            answers=answers_for(questions),
            submit=True,
            actor=representative,
        )
    assert error.value.code == "closed"


def test_the_database_refuses_a_second_response_of_an_organisation(coordinator, representative):
    survey, _questions = survey_build(actor=coordinator)
    organisation = representative.person.organisation
    Response.objects.create(survey=survey, organisation=organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, organisation=organisation)


def test_a_survey_not_yet_open_takes_no_answers(coordinator, representative):
    now = timezone.now()
    survey, _questions = survey_build(
        actor=coordinator,
        opens_at=now + datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=5),
    )
    with pytest.raises(ValidationError) as error:
        services.response_save(
            survey=survey,
            organisation=representative.person.organisation,
            answers={},
            submit=False,
            actor=representative,
        )
    assert error.value.code == "not_open"


@pytest.mark.parametrize(
    "case",
    [
        "other_question_option",
        "foreign_question",
        "scale_out_of_range",
        "number_too_large",
        "number_too_small",
        "huge_text",
        "bool_on_scale",
    ],
)
def test_hostile_answers_are_refused(coordinator, representative, case):
    survey, questions = survey_build(actor=coordinator)
    other, other_questions = survey_build(actor=coordinator, title="Inna")
    answers = answers_for(questions)
    if case == "other_question_option":
        answers[questions["single"].pk] = questions["multiple"].options.first()
    elif case == "foreign_question":
        answers[other_questions["text"].pk] = "Obca"
    elif case == "scale_out_of_range":
        answers[questions["scale"].pk] = 9
    elif case == "number_too_large":
        answers[questions["number"].pk] = Decimal("100001")
    elif case == "number_too_small":
        answers[questions["number"].pk] = Decimal("-1")
    elif case == "huge_text":
        answers[questions["text"].pk] = "x" * 5001
    elif case == "bool_on_scale":
        answers[questions["scale"].pk] = True
    with pytest.raises(ValidationError):
        services.response_save(
            survey=survey,
            organisation=representative.person.organisation,
            answers=answers,
            submit=True,
            actor=representative,
        )
    assert not Response.objects.exists()


def _tables_with_a_column_to(table_names):
    """Every table of the database with a foreign key to one of `table_names`."""
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            relations = connection.introspection.get_relations(cursor, table)
            if any(
                target in table_names
                for _column, (target_column, target) in (
                    (column, relation) for column, relation in relations.items()
                )
            ):
                found.add(table)
    return found


def test_an_anonymous_response_keeps_no_link_to_its_organisation(coordinator, representative):
    survey, questions = survey_build(actor=coordinator, anonymous=True)
    organisation = representative.person.organisation
    services.response_save(
        survey=survey,
        organisation=organisation,
        answers={questions["text"].pk: "Szkic"},
        submit=False,
        actor=representative,
    )
    assert Response.objects.filter(organisation=organisation).exists()  # the draft, for now

    result = services.response_save(
        survey=survey,
        organisation=organisation,
        answers=answers_for(questions, text="Tajne"),
        submit=True,
        actor=representative,
    )

    assert result is None
    response = Response.objects.get(survey=survey)
    # No organisation, no time, and the draft is gone.
    assert response.organisation_id is None
    assert (response.submitted_at, response.updated_at) == (None, None)
    assert response.member_kind == organisation.kind
    assert not Response.objects.filter(organisation=organisation).exists()
    # Who responded is recorded apart: the recipient row points at no response.
    recipient = Recipient.objects.get(survey=survey, organisation=organisation)
    assert recipient.submitted_at is not None
    assert {f.name for f in Recipient._meta.get_fields()} == {
        "id",
        "survey",
        "organisation",
        "submitted_at",
    }
    # No table points at a response but its answers (and their options' link table).
    pointing = _tables_with_a_column_to({Response._meta.db_table})
    assert pointing == {Answer._meta.db_table}
    pointing_at_answers = _tables_with_a_column_to({Answer._meta.db_table})
    assert pointing_at_answers == {Answer.options.through._meta.db_table}
    # The audit trail names the recipient, never the response or its answers.
    entries = AuditEntry.objects.filter(action__startswith="survey.")
    assert not entries.filter(target_id=str(response.pk)).exists()
    assert not any("Tajne" in str(entry.changes) for entry in entries)
    assert entries.filter(action="survey.anonymous_submitted", target_id=str(recipient.pk))
    # The export has no organisation column.
    headers, rows = selectors.export_rows(survey)
    assert organisation.name not in str(rows)
    assert "Tajne" in str(rows)
    assert len(headers) == 5
    # Once submitted, an anonymous response cannot be changed or submitted again.
    with pytest.raises(ValidationError) as error:
        services.response_save(
            survey=survey,
            organisation=organisation,
            answers=answers_for(questions),
            submit=True,
            actor=representative,
        )
    assert error.value.code == "submitted"
    assert Response.objects.filter(survey=survey).count() == 1


def test_invitations_go_once_to_the_primary_representative_in_their_language(coordinator):
    german = active_member(name="Deutsche GmbH")
    german.primary_representative.language = "de"
    german.primary_representative.save()
    survey, _questions = survey_build(actor=coordinator)

    sent = services.survey_invitations_send(survey_id=survey.pk)
    again = services.survey_invitations_send(survey_id=survey.pk)

    assert sent >= 1 and again == 0
    email = OutboundEmail.objects.get(to=german.primary_representative.email)
    assert email.language == "de"
    assert "/de/surveys/" in email.body_text
    assert Notice.objects.filter(survey=survey, kind="invitation").count() == sent


def test_without_a_primary_representative_every_representative_is_invited(coordinator):
    organisation = active_member(name="Bez Głównego")
    second = PersonFactory(organisation=organisation, role=Person.Role.REPRESENTATIVE)
    first = organisation.primary_representative
    organisation.primary_representative = None
    assert services.addressees(organisation) == sorted([first, second], key=lambda p: p.pk)


def test_reminders_go_once_to_those_who_have_not_submitted(coordinator, representative):
    waiting = active_member(name="Czekająca Sp. z o.o.")
    now = timezone.now()
    survey, questions = survey_build(actor=coordinator, closes_at=now + datetime.timedelta(days=5))
    services.response_save(
        survey=survey,
        organisation=representative.person.organisation,
        answers=answers_for(questions),
        submit=True,
        actor=representative,
    )

    assert services.survey_reminders_send(now=now) == 0  # five days before: too early
    later = now + datetime.timedelta(days=3)
    assert services.survey_reminders_send(now=later) >= 1
    assert services.survey_reminders_send(now=later) == 0

    reminded = set(Notice.objects.filter(kind="reminder").values_list("organisation", flat=True))
    assert waiting.pk in reminded
    assert representative.person.organisation.pk not in reminded
    assert (
        OutboundEmail.objects.filter(
            to=waiting.primary_representative.email, template="surveys_reminder"
        ).count()
        == 1
    )


def test_results_aggregate_per_question_and_filter_by_member_type(coordinator, representative):
    university = active_member(name="Uczelnia", kind="university")
    survey, questions = survey_build(actor=coordinator)
    services.response_save(
        survey=survey,
        organisation=representative.person.organisation,
        answers=answers_for(questions, number="10", multiple=(0, 1)),
        submit=True,
        actor=representative,
    )
    services.response_save(
        survey=survey,
        organisation=university,
        answers=answers_for(questions, single=1, number="30", scale=2),
        submit=True,
        actor=coordinator,
    )

    results = {r.question.kind: r for r in selectors.survey_results(survey=survey)}
    assert results["single"].counts == [("Yes", 1), ("No", 1)]
    assert results["multiple"].counts == [("Cyfryzacja", 2), ("Eksport", 1), ("Prawo", 0)]
    assert results["number"].mean == Decimal("20.00")
    assert results["number"].total == Decimal("40.00")
    assert dict(results["scale"].counts)["2"] == 1
    assert results["text"].texts == ["Dobrze", "Dobrze"]

    only = {
        r.question.kind: r
        for r in selectors.survey_results(survey=survey, member_kind="university")
    }
    assert only["single"].counts == [("Yes", 0), ("No", 1)]
    assert [code for code, _l, _c in selectors.member_kinds_shown(survey)] == [
        "small",
        "university",
    ]


def test_an_anonymous_survey_hides_small_groups_of_a_member_type(coordinator, representative):
    university = active_member(name="Uczelnia", kind="university")
    survey, questions = survey_build(actor=coordinator, anonymous=True)
    services.response_save(
        survey=survey,
        organisation=university,
        answers=answers_for(questions),
        submit=True,
        actor=coordinator,
    )

    assert selectors.member_kinds_shown(survey) == []
    hidden = selectors.survey_results(survey=survey, member_kind="university")
    assert all(result.answered == 0 for result in hidden)


def test_surveys_in_period_give_the_reports_a_response_rate(coordinator, representative):
    survey, questions = survey_build(actor=coordinator)
    services.survey_invitations_send(survey_id=survey.pk)
    services.response_save(
        survey=survey,
        organisation=representative.person.organisation,
        answers=answers_for(questions),
        submit=True,
        actor=representative,
    )
    day = timezone.localdate(survey.closes_at)

    [summary] = selectors.surveys_in_period(start=day, end=day)
    assert summary.survey == survey
    assert summary.responses == 1
    assert summary.recipients == Recipient.objects.filter(survey=survey).count()
    assert summary.response_rate == (Decimal(100) / summary.recipients).quantize(Decimal("0.1"))


def test_option_labels_fall_back_to_polish(coordinator):
    survey, questions = survey_build(actor=coordinator, sent=False)
    option = Option.objects.filter(question=questions["multiple"]).first()
    from django.utils import translation

    with translation.override("fr"):
        assert Option.objects.get(pk=option.pk).label == "Cyfryzacja"
        assert Question.objects.get(pk=questions["single"].pk).text == "Czy eksportujecie?"


def test_sending_invites_the_members_once_the_transaction_commits(
    coordinator, representative, django_capture_on_commit_callbacks
):
    survey, _questions = survey_build(actor=coordinator, sent=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.survey_send(survey=survey, actor=coordinator)

    assert callbacks
    email = OutboundEmail.objects.get(template="surveys_invitation")
    assert email.to == representative.email
    assert email.language == "pl"  # the representative's language
    assert "Potrzeby członków" in email.subject
    assert Notice.objects.get(survey=survey).kind == "invitation"
