import pytest
from django.core.management import call_command

from projects.models import FundingCall, Project, ProjectIdea, ProjectPartner
from tests.factories import active_member

pytestmark = pytest.mark.django_db


def test_seed_projects_adds_calls_projects_in_every_state_and_ideas_once(settings, client):
    settings.SEED_DEMO_ALLOWED = True
    for number in range(8):
        active_member(name=f"Członek {number} Sp. z o.o.")
    call_command("seed_projects")
    counts = (FundingCall.objects.count(), Project.objects.count(), ProjectIdea.objects.count())
    assert counts == (4, 8, 3)
    assert set(Project.objects.values_list("status", flat=True)) == set(Project.Status.values)
    assert ProjectPartner.objects.filter(outside_country="DE").exists()
    assert ProjectPartner.objects.filter(outside_country="LT").exists()
    assert Project.objects.exclude(title_en="").count() == 8
    call_command("seed_projects")
    again = (FundingCall.objects.count(), Project.objects.count(), ProjectIdea.objects.count())
    assert again == counts
    for language in ("pl", "en", "de"):
        assert client.get(f"/{language}/projects/").status_code == 200
