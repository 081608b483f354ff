"""Matching: who hears of a new post that fits their organisation, at once or in the weekly
digest; each person once, even when a worker dies half-way; one-click unsubscribe."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation import matching, services
from cooperation.models import MatchNotice, MatchSubscription, Post
from core.models import AuditEntry, OutboundEmail
from members.models import Organisation
from tests.factories import CompetenceFactory, SectorFactory, UserFactory, active_member

from .factories import (
    MatchSubscriptionFactory,
    PostFactory,
    post_data,
    require_approval,
)

pytestmark = pytest.mark.django_db

WEEK = matching.digest_week()


def subscriber(frequency="weekly", *, competences=(), sectors=(), language="pl"):
    """The representative of a new active member with these competences and sectors."""
    organisation = active_member()
    organisation.competences.set(competences)
    organisation.sectors.set(sectors)
    person = organisation.primary_representative
    person.language = language
    person.save()
    MatchSubscriptionFactory(person=person, frequency=frequency)
    return person


def in_week(days=2):
    start = timezone.make_aware(datetime.datetime.combine(WEEK, datetime.time(12)))
    return start + datetime.timedelta(days=days)


def last_week_post(**fields):
    return PostFactory(published_at=in_week(), **fields)


def mails_to(person):
    return OutboundEmail.objects.filter(to=person.email)


@pytest.fixture
def competence(db):
    return CompetenceFactory(name_en="Laser cutting")


@pytest.fixture
def sector(db):
    return SectorFactory(name="Motoryzacja", slug="automotive")


@pytest.fixture
def poster(db):
    user = UserFactory()
    active_member(user=user)
    return user


def publish(poster, committed, **related):
    with committed(execute=True):
        return services.post_create(
            actor=poster,
            organisation=poster.person.organisation,
            data=post_data(poster.person, title_en="Laser cutting of steel"),
            **related,
        )


# --- At once ------------------------------------------------------------------------------------


def test_a_published_post_goes_at_once_to_fitting_people_who_chose_so(
    poster, competence, sector, django_capture_on_commit_callbacks
):
    by_competence = subscriber("immediate", competences=[competence], language="en")
    by_sector = subscriber("immediate", sectors=[sector], language="de")
    weekly = subscriber("weekly", competences=[competence])
    unrelated = subscriber("immediate", competences=[CompetenceFactory()])
    suspended = subscriber("immediate", competences=[competence])
    Organisation.objects.filter(pk=suspended.organisation_id).update(
        status=Organisation.Status.SUSPENDED
    )
    # The posting organisation is not told of its own post.
    poster.person.organisation.competences.add(competence)
    MatchSubscriptionFactory(person=poster.person, frequency="immediate")

    post = publish(
        poster, django_capture_on_commit_callbacks, competences=[competence], sectors=[sector]
    )

    told = set(MatchNotice.objects.filter(post=post).values_list("person_id", flat=True))
    assert told == {by_competence.pk, by_sector.pk}
    english = mails_to(by_competence).get()
    assert english.language == "en"
    assert "Laser cutting of steel" in english.subject
    assert english.status == OutboundEmail.Status.SENT
    token = by_competence.match_subscription.token
    assert english.headers["List-Unsubscribe"].endswith(f"/cooperation/unsubscribe/{token}/>")
    assert english.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/cooperation/unsubscribe/{token}/" in english.body_text
    assert "/en/cooperation/my/notifications/" in english.body_text
    # No German title: the Polish one, marked.
    german = mails_to(by_sector).get()
    assert german.language == "de"
    assert "Obróbka CNC" in german.subject
    assert 'lang="pl"' in german.body_html
    assert MatchNotice.objects.get(person=by_sector, post=post).email == german
    for person in (weekly, unrelated, suspended, poster.person):
        assert not mails_to(person).exists()

    # Run again (a retried task): nobody is told twice.
    assert matching.post_notices_send(post_id=post.pk) == 0
    assert MatchNotice.objects.count() == 2
    assert OutboundEmail.objects.filter(template="cooperation_match_post").count() == 2


def test_a_post_awaiting_approval_is_matched_once_approved(
    poster, competence, coordinator, django_capture_on_commit_callbacks
):
    require_approval()
    person = subscriber("immediate", competences=[competence])
    post = publish(poster, django_capture_on_commit_callbacks, competences=[competence])
    assert post.status == Post.Status.PENDING
    assert not MatchNotice.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_approve(post=post, actor=coordinator)
    assert MatchNotice.objects.get().person == person


def test_a_post_no_longer_on_the_board_tells_nobody(competence):
    person = subscriber("immediate", competences=[competence])
    post = PostFactory(competences=[competence], status=Post.Status.WITHDRAWN)
    assert matching.post_notices_send(post_id=post.pk) == 0
    assert not mails_to(person).exists()


def test_a_worker_dying_after_the_notice_row_leaves_nothing_and_the_rerun_tells_once(
    competence, monkeypatch
):
    people = [subscriber("immediate", competences=[competence]) for _ in range(3)]
    post = PostFactory(competences=[competence])
    _die_on_second_mail(monkeypatch)
    with pytest.raises(RuntimeError, match="worker died"):
        matching.post_notices_send(post_id=post.pk)
    assert MatchNotice.objects.count() == 1
    assert OutboundEmail.objects.count() == 1

    monkeypatch.undo()
    assert matching.post_notices_send(post_id=post.pk) == 2
    for person in people:
        assert MatchNotice.objects.filter(person=person, post=post).count() == 1
        assert mails_to(person).count() == 1


def _die_on_second_mail(monkeypatch):
    """Make the second e-mail kill the run, once its person's notice row is written."""
    real = matching.email_queue
    calls = []

    def dying(**kwargs):
        calls.append(kwargs["to"])
        if len(calls) == 2:
            # The notice row is there, in the person's savepoint, when the worker dies.
            assert MatchNotice.objects.filter(person__email=kwargs["to"]).exists()
            raise RuntimeError("worker died")
        return real(**kwargs)

    monkeypatch.setattr(matching, "email_queue", dying)


# --- The weekly digest --------------------------------------------------------------------------


def test_digest_week_is_the_monday_of_the_week_before():
    assert matching.digest_week(datetime.date(2026, 12, 7)) == datetime.date(2026, 11, 30)
    assert matching.digest_week(datetime.date(2026, 12, 10)) == datetime.date(2026, 11, 30)
    assert matching.digest_week(datetime.date(2026, 12, 13)) == datetime.date(2026, 11, 30)


def test_the_digest_lists_last_weeks_fitting_posts_once_per_person(competence, sector):
    reader = subscriber("weekly", competences=[competence], language="en")
    by_sector = subscriber("weekly", sectors=[sector], language="fr")
    nothing_fits = subscriber("weekly", competences=[CompetenceFactory()])
    at_once = subscriber("immediate", competences=[competence])
    fitting = last_week_post(competences=[competence], title_en="Laser cutting offer")
    for_sector = last_week_post(sectors=[sector])
    last_week_post(competences=[competence], status=Post.Status.HIDDEN)
    PostFactory(competences=[competence], published_at=in_week(days=8))  # this week
    PostFactory(competences=[competence], published_at=in_week(days=-3))  # the week before
    own = last_week_post(competences=[competence], organisation=reader.organisation)

    assert matching.digest_send(week=WEEK) == 2
    # Run again (beat fires twice, or a retry): nothing more.
    assert matching.digest_send(week=WEEK) == 0

    mail = mails_to(reader).get()
    assert mail.language == "en"
    assert mail.template == "cooperation_match_digest"
    assert "1 new post fits your organisation" in mail.subject
    assert "Laser cutting offer" in mail.body_text
    assert own.title_en not in mail.body_text
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notice = MatchNotice.objects.get(person=reader)
    assert notice.week == WEEK
    assert notice.email == mail
    assert list(notice.posts.all()) == [fitting]
    assert list(MatchNotice.objects.get(person=by_sector).posts.all()) == [for_sector]
    assert mails_to(by_sector).get().language == "fr"
    assert not mails_to(nothing_fits).exists()
    assert not mails_to(at_once).exists()


def test_a_digest_worker_dying_half_way_sends_everyone_one_digest_on_the_rerun(
    competence, monkeypatch
):
    people = [subscriber("weekly", competences=[competence]) for _ in range(3)]
    last_week_post(competences=[competence])
    _die_on_second_mail(monkeypatch)
    with pytest.raises(RuntimeError, match="worker died"):
        matching.digest_send(week=WEEK)
    assert MatchNotice.objects.count() == 1
    assert OutboundEmail.objects.count() == 1

    monkeypatch.undo()
    assert matching.digest_send(week=WEEK) == 2
    for person in people:
        assert MatchNotice.objects.filter(person=person, week=WEEK).count() == 1
        assert mails_to(person).count() == 1


def test_the_digest_reads_the_subscribers_in_chunks(competence, monkeypatch):
    monkeypatch.setattr(matching, "CHUNK_SIZE", 2)
    people = [subscriber("weekly", competences=[competence]) for _ in range(5)]
    last_week_post(competences=[competence])
    assert matching.digest_send(week=WEEK) == 5
    assert {mail.to for mail in OutboundEmail.objects.all()} == {p.email for p in people}


def test_the_digests_queries_per_person_do_not_grow_with_the_cluster():
    """Each person costs the same few statements, whatever the number of people and posts."""

    def run(people, posts, week):
        competence = CompetenceFactory()
        for _ in range(people):
            subscriber("weekly", competences=[competence])
        for _ in range(posts):
            PostFactory(
                competences=[competence],
                published_at=timezone.make_aware(datetime.datetime.combine(week, datetime.time(9))),
            )
        with CaptureQueriesContext(connection) as queries:
            assert matching.digest_send(week=week) == people
        return len(queries)

    weeks = [WEEK - datetime.timedelta(weeks=n) for n in range(1, 4)]
    few = run(3, 2, weeks[0])
    more = run(6, 2, weeks[1])
    many_posts = run(6, 12, weeks[2])
    per_person = (more - few) / 3
    assert per_person == int(per_person) and per_person <= 8
    assert many_posts == more


# --- Unsubscribing and choosing ------------------------------------------------------------------


def test_one_click_unsubscribe_by_post_without_cookies_or_csrf(competence):
    person = subscriber("weekly", competences=[competence])
    url = reverse("cooperation_one_click", kwargs={"token": person.match_subscription.token})
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    person.match_subscription.refresh_from_db()
    assert person.match_subscription.frequency == MatchSubscription.Frequency.NEVER
    assert AuditEntry.objects.filter(action="match_subscription.unsubscribed").count() == 1
    # Repeating it is harmless.
    assert client.post(url).status_code == 200
    assert AuditEntry.objects.filter(action="match_subscription.unsubscribed").count() == 1
    last_week_post(competences=[competence])
    assert matching.digest_send(week=WEEK) == 0


def test_the_unsubscribe_link_shows_a_button_and_changes_nothing_on_get(competence):
    person = subscriber("immediate", competences=[competence], language="de")
    url = reverse("cooperation_one_click", kwargs={"token": person.match_subscription.token})
    response = Client().get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<form method="post">' in page
    assert '<html lang="de"' in page
    assert person.email not in page
    person.match_subscription.refresh_from_db()
    assert person.match_subscription.frequency == MatchSubscription.Frequency.IMMEDIATE


def test_an_unknown_unsubscribe_token_is_not_found():
    url = reverse("cooperation_one_click", kwargs={"token": "not-a-token"})
    assert Client().get(url).status_code == 404
    assert Client().post(url).status_code == 404


def test_a_member_chooses_how_often_and_the_first_choice_makes_the_token(employee, coordinator):
    client = Client()
    client.force_login(employee)
    url = reverse("cooperation:notifications")
    assert client.get(url).status_code == 200
    assert client.post(url, {"frequency": "weekly"}).status_code == 302
    subscription = MatchSubscription.objects.get(person=employee.person)
    assert subscription.frequency == "weekly"
    assert len(subscription.token) >= 40
    token = subscription.token
    client.post(url, {"frequency": "immediate"})
    subscription.refresh_from_db()
    assert subscription.frequency == "immediate"
    assert subscription.token == token
    assert AuditEntry.objects.filter(action="match_subscription.changed").count() == 2
    assert client.post(url, {"frequency": "hourly"}).status_code == 200
    subscription.refresh_from_db()
    assert subscription.frequency == "immediate"
    coordinator_client = Client()
    coordinator_client.force_login(coordinator)
    assert coordinator_client.get(url).status_code in (302, 403)
    assert Client().get(url).status_code == 302
