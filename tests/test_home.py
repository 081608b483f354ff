"""The home page: latest news, upcoming events, the member count, partners, the newsletter form."""

import pytest

from agreements.models import Agreement
from events.models import Event
from tests.agreements.factories import PartnerFactory, make_agreement
from tests.events.factories import EventFactory
from tests.factories import active_member
from tests.news.conftest import ArticleFactory

pytestmark = pytest.mark.django_db


def _cluster(size, start=0):
    for number in range(start, start + size):
        active_member(name=f"Członek {number}", slug=f"czlonek-{number}")
        ArticleFactory(title_pl=f"Wiadomość {number}", title_en=f"News item {number}")
        EventFactory(audience=Event.Audience.PUBLIC, title_en=f"Public seminar {number}")
    make_agreement(
        status=Agreement.Status.IN_FORCE,
        reference_number=f"POR/{start}",
        partners=[
            PartnerFactory(name=f"Klaster partnerski {n}") for n in range(start, start + size)
        ],
    )


def test_it_shows_news_events_members_partners_and_the_newsletter_form(client):
    _cluster(4)

    content = client.get("/en/").content.decode()

    assert "Wiadomość 3" in content
    assert "Public seminar 0" in content
    assert "Klaster partnerski 0" in content
    assert 'action="/en/newsletter/"' in content
    assert "<dd>4</dd>" in content


def test_members_only_events_stay_off_the_home_page(client):
    EventFactory(audience=Event.Audience.MEMBERS, title_en="Members' workshop")

    assert "Members&#x27; workshop" not in client.get("/en/").content.decode()


def test_it_runs_the_same_number_of_queries_for_a_small_and_a_large_cluster(client, query_count):
    _cluster(2)
    small = query_count(lambda: client.get("/en/"))
    _cluster(12, start=2)

    assert query_count(lambda: client.get("/en/")) == small
