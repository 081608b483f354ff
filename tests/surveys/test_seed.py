"""The demo surveys: the members' needs and the benchmarking, with responses, once only."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import OutboundEmail
from surveys import selectors
from surveys.models import Response, Survey
from tests.factories import UserFactory, active_member

pytestmark = pytest.mark.django_db


def test_the_demo_surveys_are_built_once_with_responses(settings):
    settings.SEED_DEMO_ALLOWED = True
    UserFactory(email="koordynator@klaster.example", is_coordinator=True)
    kinds = ["small", "medium", "university", "large", "research", "micro", "ngo", "startup"]
    for index, kind in enumerate(kinds):
        active_member(name=f"Demo {index}", kind=kind)

    call_command("seed_surveys", author="koordynator@klaster.example", stdout=io.StringIO())

    needs = Survey.objects.get(title_pl="Potrzeby członków 2026")
    benchmarking = Survey.objects.get(title_pl="Benchmarking klastra 2025")
    assert needs.is_anonymous and needs.is_open()
    assert not benchmarking.is_anonymous and benchmarking.is_closed()
    assert needs.title_en == "Members' needs 2026"
    # Anonymous responses carry no organisation; two members only saved a draft.
    assert Response.objects.filter(survey=needs, status="submitted", organisation=None).count() == 6
    assert Response.objects.filter(survey=needs, status="draft").count() == 2
    assert Response.objects.filter(survey=benchmarking, status="submitted").count() == 7
    results = {r.question.code: r for r in selectors.survey_results(survey=benchmarking)}
    assert results["employees"].answered == 7
    [summary] = selectors.surveys_in_period(
        start=timezone.localdate(benchmarking.closes_at), end=timezone.localdate()
    )
    assert summary.responses == 7 and summary.recipients == 8
    assert not OutboundEmail.objects.exists()

    counts = (Survey.objects.count(), Response.objects.count())
    call_command("seed_surveys", stdout=io.StringIO())
    assert (Survey.objects.count(), Response.objects.count()) == counts
