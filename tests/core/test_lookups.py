"""Integers no column can hold, as a hostile form posts them, find nothing instead of crashing."""

import pytest
from django.urls import reverse

from members.models import Sector
from tests.factories import SectorFactory

pytestmark = pytest.mark.django_db

HUGE = 10**40


def test_an_out_of_range_id_in_a_list_matches_nothing():
    sector = SectorFactory()

    assert list(Sector.objects.filter(pk__in=[HUGE, -HUGE])) == []
    assert list(Sector.objects.filter(pk__in=[HUGE, sector.pk])) == [sector]


def test_a_multiple_choice_of_objects_refuses_an_out_of_range_id(client):
    SectorFactory()

    response = client.post(reverse("join:apply"), {"sectors": [str(HUGE)]})

    assert response.status_code == 200
    assert "sectors" in response.context["form"].errors
