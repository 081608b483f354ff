"""Regressions the hostile-data fuzzing found in query strings: NUL characters on PostgreSQL."""

import pytest
from django.urls import reverse

from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_check_in_search_with_a_nul_character_finds_nobody(client_for, coordinator):
    event = EventFactory()

    response = client_for(coordinator).get(
        reverse("panel_events:check_in", args=[event.pk]), {"q": "Kowal\x00ski"}
    )

    assert response.status_code == 200
    assert list(response.context["people"]) == []


def test_panel_resolutions_filter_ignores_a_body_that_is_not_a_slug(client_for, coordinator):
    response = client_for(coordinator).get(
        reverse("panel_resolutions:index"), {"body": "council\x00"}
    )

    assert response.status_code == 200


def test_search_with_a_nul_character_or_operators_answers_without_an_error(client):
    for query in ("klaster\x00", "\x00", "a:* & !b | (c", "'; DROP TABLE x; --"):
        response = client.get(reverse("search:results"), {"q": query, "kind": "event\x00"})

        assert response.status_code == 200
        assert response.context["search"].results == []
