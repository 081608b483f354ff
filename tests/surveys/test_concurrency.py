"""One response per organisation when its people submit at the same moment: PostgreSQL, threads."""

import pytest
from django.core.exceptions import ValidationError

from members.models import Person
from surveys import services
from surveys.models import Answer, Notice, Recipient, Response
from tests.concurrency import run_together
from tests.factories import PersonFactory, UserFactory

from .factories import answers_for, survey_build

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _colleagues(organisation, count):
    users = []
    for _ in range(count):
        user = UserFactory()
        PersonFactory(
            organisation=organisation, user=user, email=user.email,
            role=Person.Role.REPRESENTATIVE,
        )  # fmt: skip
        users.append(user)
    return users


def _submit(survey, organisation, user, answers):
    return lambda: services.response_save(
        survey=survey, organisation=organisation, answers=answers, submit=True, actor=user
    )


def test_two_colleagues_submitting_at_once_make_one_response(coordinator, representative):
    organisation = representative.person.organisation
    survey, questions = survey_build(actor=coordinator)
    colleague = _colleagues(organisation, 1)[0]

    _results, errors = run_together(
        [
            _submit(survey, organisation, representative, answers_for(questions, number="1")),
            _submit(survey, organisation, colleague, answers_for(questions, number="2")),
        ]
    )

    assert not errors
    response = Response.objects.get(survey=survey)
    assert response.status == Response.Status.SUBMITTED
    # The later save wins whole: one answer per question, of one of the two.
    assert Answer.objects.filter(response=response).count() == 5
    assert Recipient.objects.get(survey=survey, organisation=organisation).submitted_at


def test_colleagues_submitting_an_anonymous_survey_at_once_make_one_response(
    coordinator, representative
):
    organisation = representative.person.organisation
    survey, questions = survey_build(actor=coordinator, anonymous=True)
    users = [representative, *_colleagues(organisation, 3)]

    _results, errors = run_together(
        [_submit(survey, organisation, user, answers_for(questions)) for user in users]
    )

    assert Response.objects.filter(survey=survey, status="submitted").count() == 1
    assert not Response.objects.filter(organisation=organisation).exists()
    assert len(errors) == 3
    assert all(isinstance(e, ValidationError) and e.code == "submitted" for e in errors)


def test_two_invitation_runs_at_once_invite_each_member_once(coordinator, representative):
    survey, _questions = survey_build(actor=coordinator)
    # Sending already ran the (eager) invitation task on commit: start again from no notice.
    Notice.objects.all().delete()

    results, errors = run_together(
        [lambda: services.survey_invitations_send(survey_id=survey.pk) for _ in range(3)]
    )

    assert not errors
    assert sum(results) == Notice.objects.filter(survey=survey, kind="invitation").count() == 1
