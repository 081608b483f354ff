"""Contacts and matching under concurrent requests and workers, on PostgreSQL with real threads."""

import pytest
from django.core.exceptions import ValidationError

from cooperation import matching, services
from cooperation.models import BoardSettings, Contact, MatchNotice
from core.models import OutboundEmail
from tests.concurrency import run_together
from tests.factories import CompetenceFactory, PersonFactory, UserFactory, active_member

from .factories import MatchSubscriptionFactory, PostFactory
from .test_matching import WEEK, in_week

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sender():
    user = UserFactory()
    PersonFactory(organisation=active_member(), user=user, email=user.email)
    return user


def _start(post, user, body="Zainteresowani."):
    return lambda: services.contact_start(post=post, person=user.person, actor=user, body=body)


def test_the_daily_limit_holds_when_a_person_answers_many_posts_at_once(sender):
    BoardSettings.objects.update_or_create(pk=1, defaults={"max_contacts_per_day": 3})
    posts = [PostFactory() for _ in range(10)]
    _results, errors = run_together([_start(post, sender) for post in posts])
    assert Contact.objects.filter(person=sender.person).count() == 3
    assert len(errors) == 7
    assert all(
        isinstance(error, ValidationError) and error.code == "rate_limit" for error in errors
    )
    assert OutboundEmail.objects.count() == 3


def test_messages_sent_at_once_about_one_post_make_one_conversation(sender):
    post = PostFactory()
    _results, errors = run_together([_start(post, sender, body=f"Wiadomość {n}") for n in range(5)])
    assert not errors
    contact = Contact.objects.get()
    assert contact.messages.count() == 5
    assert OutboundEmail.objects.count() == 5


def test_two_digest_runs_at_once_send_each_person_one_digest():
    competence = CompetenceFactory()
    people = []
    for _ in range(6):
        organisation = active_member()
        organisation.competences.add(competence)
        people.append(organisation.primary_representative)
        MatchSubscriptionFactory(person=organisation.primary_representative)
    PostFactory(competences=[competence], published_at=in_week())
    results, errors = run_together([lambda: matching.digest_send(week=WEEK)] * 3)
    assert not errors
    assert sum(results) == 6
    for person in people:
        assert MatchNotice.objects.filter(person=person, week=WEEK).count() == 1
        assert OutboundEmail.objects.filter(to=person.email).count() == 1


def test_two_runs_at_once_tell_each_person_of_a_post_once():
    competence = CompetenceFactory()
    people = []
    for _ in range(6):
        organisation = active_member()
        organisation.competences.add(competence)
        people.append(organisation.primary_representative)
        MatchSubscriptionFactory(person=organisation.primary_representative, frequency="immediate")
    post = PostFactory(competences=[competence])
    results, errors = run_together([lambda: matching.post_notices_send(post_id=post.pk)] * 3)
    assert not errors
    assert sum(results) == 6
    for person in people:
        assert OutboundEmail.objects.filter(to=person.email).count() == 1
