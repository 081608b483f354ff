"""One response per organisation when its people submit at the same moment: PostgreSQL, threads."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from members.models import Person
from surveys import services
from surveys.models import Answer, Notice, Recipient, Response
from tests.factories import PersonFactory, UserFactory

from .factories import answers_for, survey_build

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(jobs):
    """Run the callables in threads started at the same moment; return results and errors."""
    start = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(index, job):
        start.wait()
        try:
            results[index] = job()
        except Exception as error:  # collected: the test looks at them
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


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

    _results, errors = _run_together(
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

    _results, errors = _run_together(
        [_submit(survey, organisation, user, answers_for(questions)) for user in users]
    )

    assert Response.objects.filter(survey=survey, status="submitted").count() == 1
    assert not Response.objects.filter(organisation=organisation).exists()
    assert len(errors) == 3
    assert all(isinstance(e, ValidationError) and e.code == "submitted" for e in errors)


def test_two_invitation_runs_at_once_invite_each_member_once(coordinator, representative):
    survey, _questions = survey_build(actor=coordinator)

    results, errors = _run_together(
        [lambda: services.survey_invitations_send(survey_id=survey.pk) for _ in range(3)]
    )

    assert not errors
    assert sum(results) == Notice.objects.filter(survey=survey).count()
    assert Notice.objects.filter(survey=survey, kind="invitation").count() == len(
        set(Notice.objects.values_list("organisation", flat=True))
    )
