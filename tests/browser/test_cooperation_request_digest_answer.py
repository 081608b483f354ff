"""Member A posts a request; member B, whose competences fit, gets it in the weekly digest in
English, answers "I'm interested"; A reads the conversation, replies and marks the post fulfilled,
and the post leaves the board."""

import datetime
import re
import secrets

import pytest
from django.core import mail
from playwright.sync_api import expect

from cooperation.models import Contact, MatchSubscription, Post
from cooperation.selectors import cluster_today
from cooperation.tasks import match_digest_send
from members.models import Competence
from tests.factories import PersonFactory, UserFactory, active_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_PL = "Szukamy biura projektowego do dokumentacji CAD kadłuba"
TITLE_EN = "Looking for a design office for the hull's CAD drawings"


def _mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def _log_out(page):
    page.context.clear_cookies()


def test_a_request_reaches_the_fitting_member_in_the_digest_and_ends_fulfilled(page, log_in):
    welding = Competence.objects.create(
        kind=Competence.Kind.COMPETENCE,
        name_pl="Spawanie konstrukcji",
        name_en="Structural welding",
        slug="spawanie-konstrukcji",
    )
    Competence.objects.create(
        kind=Competence.Kind.COMPETENCE,
        name_pl="Projektowanie CAD",
        name_en="CAD design",
        slug="projektowanie-cad",
    )
    poster_user = UserFactory(email="anna.wrona@stocznia.example", verified_email=True)
    poster = active_member(user=poster_user, name="Stocznia Północna S.A.")
    poster.competences.set([welding])
    anna = poster.primary_representative
    anna.first_name, anna.last_name = "Anna", "Wrona"
    anna.save()

    reader_user = UserFactory(email="john.smith@delta.example", verified_email=True)
    reader = active_member(user=reader_user, name="Delta Design Office Sp. z o.o.")
    john = reader.primary_representative
    john.first_name, john.last_name, john.language = "John", "Smith", "en"
    john.save()

    # A welder subscribed to the digest: the request needs CAD design, so they hear nothing.
    welder = active_member(name="Spawalnia Bałtyk Sp. z o.o.")
    welder.competences.set([welding])
    welder_person = PersonFactory(organisation=welder, language="pl")
    MatchSubscription.objects.create(
        person=welder_person,
        frequency=MatchSubscription.Frequency.WEEKLY,
        token=secrets.token_urlsafe(32),
    )

    # B says what the organisation does and chooses the weekly digest.
    log_in(reader_user.email)
    page.get_by_role("link", name="My organisation").click()
    does = page.get_by_role("group", name="What the organisation does")
    does.get_by_role("group", name="Competences").get_by_label("CAD design").check()
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_text("The profile of your organisation is saved.")).to_be_visible()
    assert set(reader.competences.values_list("slug", flat=True)) == {"projektowanie-cad"}

    page.goto("/en/cooperation/")
    page.get_by_role("link", name="New posts by e-mail").click()
    page.get_by_label("in a weekly digest").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your choice has been saved.")).to_be_visible()
    assert john.match_subscription.frequency == MatchSubscription.Frequency.WEEKLY
    _log_out(page)

    # A posts the request through the form.
    log_in(poster_user.email)
    page.goto("/en/cooperation/")
    page.get_by_role("link", name="New post", exact=True).click()
    page.get_by_label("Kind").select_option(label="request")
    page.get_by_label("Title (Polish)", exact=True).fill(TITLE_PL)
    page.get_by_label("Description (Polish)", exact=True).fill(
        "Potrzebujemy dokumentacji warsztatowej kadłuba w 3D."
    )
    page.get_by_label("Title (English)", exact=True).fill(TITLE_EN)
    page.get_by_label("Description (English)", exact=True).fill(
        "We need 3D workshop drawings of the hull."
    )
    page.get_by_role("group", name="Competences").get_by_label("CAD design").check()
    page.get_by_label("Contact person").select_option(label="Anna Wrona")
    page.get_by_role("button", name="Publish the post").click()
    page.wait_for_url("**/cooperation/my/*/edit/")
    expect(page.get_by_text("The post is on the board.")).to_be_visible()
    post = Post.objects.get(title_pl=TITLE_PL)
    assert post.kind == Post.Kind.REQUEST
    assert post.status == Post.Status.PUBLISHED
    assert list(post.competences.values_list("slug", flat=True)) == ["projektowanie-cad"]
    _log_out(page)

    # Monday's digest of this week's posts.
    today = cluster_today()
    week = today - datetime.timedelta(days=today.weekday())
    assert match_digest_send(week.isoformat()) == 1
    assert match_digest_send(week.isoformat()) == 0, "a second run sends nobody a second digest"
    assert _mails_to(welder_person.email) == []
    (digest,) = _mails_to(john.email)
    assert digest.subject == "1 new post fits your organisation"
    assert "Hello John," in digest.body
    assert TITLE_EN in digest.body and TITLE_PL not in digest.body
    assert "Stocznia Północna S.A." in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"https?://\S+/en/cooperation/\d+/", digest.body).group(0)

    # B follows the link and answers.
    log_in(reader_user.email)
    page.goto(link)
    expect(page.get_by_role("heading", name=TITLE_EN, level=1)).to_be_visible()
    interested = page.get_by_role("region", name="I'm interested")
    interested.get_by_label("Your message").fill(
        "We have drawn hulls for three shipyards. When do you need the drawings?"
    )
    interested.get_by_role("button", name="Send").click()
    page.wait_for_url("**/cooperation/contacts/*/")
    expect(page.get_by_text("Your message has been sent to Stocznia Północna S.A.")).to_be_visible()
    contact = Contact.objects.get(post=post)
    assert contact.person == john

    (first,) = _mails_to(anna.email)
    assert first.extra_headers["Reply-To"] == john.email
    assert TITLE_PL in first.subject
    assert "We have drawn hulls for three shipyards." in first.body
    assert "John Smith" in first.body and "Delta Design Office Sp. z o.o." in first.body
    _log_out(page)

    # A sees the conversation, replies and marks the post fulfilled.
    log_in(poster_user.email)
    page.goto("/en/cooperation/")
    page.get_by_role("link", name="Conversations", exact=True).click()
    received = page.get_by_role("table", name="About my organisation's posts")
    row = received.get_by_role("row", name=re.compile("John Smith"))
    expect(row).to_contain_text("Delta Design Office Sp. z o.o.")
    row.get_by_role("link", name=TITLE_EN).click()
    page.wait_for_url(f"**/cooperation/contacts/{contact.pk}/")
    expect(page.get_by_text("We have drawn hulls for three shipyards.")).to_be_visible()
    assert john.email not in page.content()

    reply = page.get_by_role("region", name="Reply")
    reply.get_by_label("Your message").fill("Within a month. I will call you tomorrow.")
    reply.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your message has been sent.")).to_be_visible()
    expect(page.get_by_text("Within a month. I will call you tomorrow.")).to_be_visible()
    answer = _mails_to(john.email)[-1]
    assert answer.extra_headers["Reply-To"] == anna.email
    assert answer.subject == f"New message from Anna Wrona about: {TITLE_EN}"
    assert "Within a month. I will call you tomorrow." in answer.body

    fulfil = page.get_by_role("region", name="Mark the post fulfilled")
    fulfil.get_by_label("Outcome (optional)").fill("Delta Design Office draws the hull.")
    fulfil.get_by_role("button", name="Mark fulfilled").click()
    expect(page.get_by_text("The post is marked fulfilled and leaves the board.")).to_be_visible()
    post.refresh_from_db()
    assert post.status == Post.Status.FULFILLED

    page.goto("/en/cooperation/")
    expect(page.get_by_text("No posts on the board right now.")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE_EN)).to_have_count(0)
    _log_out(page)

    # B's side: the conversation says the post is fulfilled, and it can no longer be answered.
    log_in(reader_user.email)
    page.goto("/en/cooperation/contacts/")
    started = page.get_by_role("table", name="Posts I answered")
    expect(started.get_by_role("row", name=re.compile(re.escape(TITLE_EN)))).to_contain_text(
        "fulfilled"
    )
    page.goto("/en/cooperation/")
    expect(page.get_by_role("link", name=TITLE_EN)).to_have_count(0)
