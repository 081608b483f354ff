"""'I'm interested' and the conversations it starts: e-mails in the recipient's language with
Reply-To the writer, the daily limit, who sees a conversation, and no address on any page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cooperation import services
from cooperation.models import BoardSettings, Contact, ContactMessage, Post
from core.models import OutboundEmail
from members.models import Person
from tests.factories import PersonFactory, UserFactory, active_member

pytestmark = pytest.mark.django_db


def make_post(organisation, *, contact_person, **fields):
    """A post on the board of `organisation`, published now."""
    values = {
        "kind": Post.Kind.OFFER,
        "title_pl": "Frezowanie CNC",
        "title_en": "CNC milling",
        "description_pl": "Wolne moce przerobowe.",
        "valid_until": timezone.localdate() + datetime.timedelta(days=30),
        "status": Post.Status.PUBLISHED,
        "published_at": timezone.now(),
        **fields,
    }
    return Post.objects.create(organisation=organisation, contact_person=contact_person, **values)


@pytest.fixture
def poster(representative):
    """The representative's person answers the post, and reads e-mail in English."""
    person = representative.person
    person.language = "en"
    person.save()
    return person


@pytest.fixture
def post(poster):
    return make_post(poster.organisation, contact_person=poster)


@pytest.fixture
def interested(council_member):
    """The council member (another member) is interested; their e-mail is in German."""
    person = council_member.person
    person.language = "de"
    person.save()
    return person


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def send(client, post, body="Chętnie podejmiemy współpracę."):
    return client.post(reverse("cooperation:interested", kwargs={"pk": post.pk}), {"body": body})


def test_interested_mails_the_contact_person_in_their_language_reply_to_the_sender(
    council_member, interested, post, poster, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(logged_in(council_member), post)
    contact = Contact.objects.get(post=post, person=interested)
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:contact", kwargs={"pk": contact.pk})
    assert contact.organisation == interested.organisation
    assert contact.last_message_at is not None
    assert contact.messages.get().body == "Chętnie podejmiemy współpracę."
    mail = OutboundEmail.objects.get(to=poster.email)
    assert mail.language == "en"
    assert mail.headers["Reply-To"] == interested.email
    assert "CNC milling" in mail.subject
    assert interested.organisation.name in mail.subject
    assert "Chętnie podejmiemy współpracę." in mail.body_text
    assert f"/en/cooperation/contacts/{contact.pk}/" in mail.body_text
    # The sender's address travels only in the header, not in the text.
    assert interested.email not in mail.body_text
    assert mail.status == OutboundEmail.Status.SENT


def test_title_missing_in_the_recipients_language_is_polish_and_marked(
    council_member, interested, post, poster
):
    poster.language = "de"
    poster.save()
    send(logged_in(council_member), post)
    mail = OutboundEmail.objects.get(to=poster.email)
    assert mail.language == "de"
    assert "Frezowanie CNC" in mail.body_text
    assert 'lang="pl"' in mail.body_html


def test_a_second_message_joins_the_conversation(council_member, interested, post):
    client = logged_in(council_member)
    send(client, post)
    send(client, post, body="Jeszcze jedno pytanie.")
    contact = Contact.objects.get()
    assert contact.messages.count() == 2
    assert OutboundEmail.objects.count() == 2


def test_the_daily_limit_of_new_contacts_is_counted_in_the_database(
    council_member, interested, poster
):
    BoardSettings.objects.update_or_create(pk=1, defaults={"max_contacts_per_day": 2})
    posts = [
        make_post(poster.organisation, contact_person=poster, title_pl=f"Oferta {n}")
        for n in range(3)
    ]
    client = logged_in(council_member)
    assert send(client, posts[0]).status_code == 302
    assert send(client, posts[1]).status_code == 302
    # A message in a conversation already started is not a new contact.
    assert send(client, posts[0], body="Dopisuję.").status_code == 302
    with translation.override("en"):
        response = send(client, posts[2])
    assert response.status_code == 429
    assert "at most 2 posts a day" in response.content.decode()
    assert Contact.objects.count() == 2
    assert OutboundEmail.objects.count() == 3
    # Yesterday's contacts do not count today.
    Contact.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    assert send(client, posts[2]).status_code == 302


def test_the_posts_page_offers_the_form_to_other_members_only(
    council_member, employee, coordinator, post
):
    action = reverse("cooperation:interested", kwargs={"pk": post.pk})
    page = logged_in(council_member).get(post.get_absolute_url()).content.decode()
    assert f'action="{action}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    for client in (logged_in(employee), logged_in(coordinator), Client()):
        page = client.get(post.get_absolute_url()).content.decode()
        assert f'action="{action}"' not in page
    page = logged_in(employee).get(post.get_absolute_url()).content.decode()
    assert reverse("cooperation:contacts") in page


def test_nobody_answers_their_own_organisations_post(employee, post):
    client = logged_in(employee)
    assert client.get(reverse("cooperation:interested", kwargs={"pk": post.pk})).status_code == 403
    assert send(client, post).status_code == 403
    assert not Contact.objects.exists()


def test_a_post_off_the_board_cannot_be_answered(council_member, interested, post):
    Post.objects.filter(pk=post.pk).update(status=Post.Status.FULFILLED)
    assert send(logged_in(council_member), post).status_code == 404
    with pytest.raises(Exception, match="no longer on the board"):
        post.status = Post.Status.PUBLISHED
        Post.objects.filter(pk=post.pk).update(
            valid_until=timezone.localdate() - datetime.timedelta(days=1)
        )
        services.contact_start(post=post, person=interested, actor=council_member, body="x")
    assert not Contact.objects.exists()


@pytest.fixture
def contact(council_member, interested, post):
    send(logged_in(council_member), post)
    return Contact.objects.get()


def test_both_sides_and_the_coordinator_see_a_conversation_others_do_not(
    contact, council_member, representative, employee, coordinator, outsider, other_organisation
):
    url = reverse("cooperation:contact", kwargs={"pk": contact.pk})
    # The interested person, and every person of the posting organisation.
    for user in (council_member, representative, employee):
        response = logged_in(user).get(url)
        assert response.status_code == 200
        assert 'name="body"' in response.content.decode()
    # The coordinator reads without a form, and cannot write.
    response = logged_in(coordinator).get(url)
    assert response.status_code == 200
    assert 'name="body"' not in response.content.decode()
    assert logged_in(coordinator).post(url, {"body": "x"}).status_code == 403
    # A colleague of the interested person is not in the conversation.
    colleague = UserFactory()
    PersonFactory(organisation=council_member.person.organisation, user=colleague)
    other = UserFactory()
    PersonFactory(organisation=other_organisation, user=other)
    assert logged_in(colleague).get(url).status_code == 404
    assert logged_in(other).get(url).status_code == 404
    assert logged_in(other).post(url, {"body": "x"}).status_code == 404
    assert logged_in(outsider).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert ContactMessage.objects.count() == 1


def test_lists_show_conversations_of_both_sides(contact, council_member, employee, post):
    url = reverse("cooperation:contacts")
    for user in (council_member, employee):
        page = logged_in(user).get(url).content.decode()
        assert reverse("cooperation:contact", kwargs={"pk": contact.pk}) in page
    stranger = UserFactory()
    PersonFactory(organisation=active_member(), user=stranger)
    page = logged_in(stranger).get(url).content.decode()
    assert reverse("cooperation:contact", kwargs={"pk": contact.pk}) not in page


def test_pages_show_names_and_organisations_never_addresses(
    contact, council_member, employee, coordinator, interested, poster, post
):
    people = Person.objects.all()
    pages = [
        logged_in(user).get(reverse(name, kwargs=kwargs)).content.decode()
        for user in (council_member, employee, coordinator)
        for name, kwargs in (
            ("cooperation:contacts", {}),
            ("cooperation:contact", {"pk": contact.pk}),
        )
    ]
    pages.append(logged_in(council_member).get(post.get_absolute_url()).content.decode())
    pages.append(Client().get(post.get_absolute_url()).content.decode())
    for page in pages:
        for person in people:
            assert person.email not in page
    assert interested.full_name in pages[1]
    assert interested.organisation.name in pages[1]


def test_a_reply_mails_the_other_side_in_their_language_reply_to_the_replier(
    contact, employee, council_member, interested, poster
):
    employee.person.language = "fr"
    employee.person.save()
    url = reverse("cooperation:contact", kwargs={"pk": contact.pk})
    response = logged_in(employee).post(url, {"body": "Zapraszamy na spotkanie."})
    assert response.status_code == 302
    mail = OutboundEmail.objects.get(to=interested.email)
    assert mail.language == "de"
    assert mail.headers["Reply-To"] == employee.email
    assert "Zapraszamy na spotkanie." in mail.body_text
    # The interested person's reply goes to the post's contact person.
    logged_in(council_member).post(url, {"body": "Dziękuję, będę."})
    answer = OutboundEmail.objects.filter(to=poster.email).latest("pk")
    assert answer.language == "en"
    assert answer.headers["Reply-To"] == interested.email
    contact.refresh_from_db()
    assert contact.messages.count() == 3


def test_an_empty_reply_is_refused(contact, employee):
    url = reverse("cooperation:contact", kwargs={"pk": contact.pk})
    response = logged_in(employee).post(url, {"body": "   "})
    assert response.status_code == 200
    assert contact.messages.count() == 1


def test_the_poster_marks_the_post_fulfilled_from_the_conversation(
    contact, representative, council_member, post
):
    url = reverse("cooperation:contact_fulfil", kwargs={"pk": contact.pk})
    assert logged_in(council_member).post(url).status_code == 403
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    response = logged_in(representative).post(url, {"fulfil-outcome": "Umowa podpisana."})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.FULFILLED
    assert post.outcome == "Umowa podpisana."


def test_a_flood_of_messages_stops_at_the_daily_limit(contact, employee, monkeypatch):
    monkeypatch.setattr(services, "MESSAGES_PER_DAY", 2)
    url = reverse("cooperation:contact", kwargs={"pk": contact.pk})
    client = logged_in(employee)
    assert client.post(url, {"body": "Pierwsza."}).status_code == 302
    assert client.post(url, {"body": "Druga."}).status_code == 302
    with translation.override("en"):
        response = client.post(url, {"body": "Trzecia."})
    assert response.status_code == 200
    assert "as many messages today as the portal allows" in response.content.decode()
    assert contact.messages.filter(author=employee.person).count() == 2
