"""Erasure: the person's data goes or is anonymised; what the cluster must keep stays whole and
names "a person erased on <date>"."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.erasure import erased_person_label
from accounts.models import User
from agreements.models import Partner
from cooperation.models import Contact, ContactMessage, MatchSubscription
from core.models import AuditEntry, OutboundEmail
from elections.models import Candidate
from events.models import Registration
from meetings.models import Attendance
from members.models import MembershipApplication, Organisation, Person
from news.models import Subscriber
from privacy import services
from privacy.models import DataRequest
from resolutions.models import Ballot, EligibleVoter, VoteCast
from tests.events.factories import EventFactory

from .factories import EMAIL, FIRST, LAST, PHONE, rich_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich(coordinator):
    return rich_person(coordinator=coordinator)


def _erasure(email, coordinator):
    return services.request_for_email(kind="erasure", email=email, note="", actor=coordinator)


@pytest.fixture
def erased(rich, coordinator, client):
    client.force_login(rich.user)  # an open session the erasure must end
    request = _erasure(EMAIL, coordinator)
    services.erasure_perform(request=request, actor=coordinator)
    request.refresh_from_db()
    rich.request = request
    return rich


def _label():
    return f"a person erased on {date_format(timezone.localdate(), 'DATE_FORMAT')}"


def _stored_label():
    """The label as the erasure wrote it into kept records: in the portal's language, Polish."""
    with translation.override(settings.LANGUAGE_CODE):
        return erased_person_label(timezone.localdate())


def _text_values(instance):
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField | models.JSONField):
            yield field.name, str(getattr(instance, field.attname))


def test_no_row_of_any_table_holds_their_name_address_or_phone(erased):
    needles = [EMAIL.lower(), f"{FIRST} {LAST}".lower(), PHONE]
    found = []
    for model in apps.get_models():
        if model._meta.label == "agreements.AgreementParty":
            continue  # a signed agreement keeps its signatories (none here)
        for instance in model._default_manager.all():
            for name, value in _text_values(instance):
                if any(needle in value.lower() for needle in needles):
                    found.append(f"{model._meta.label}.{name} #{instance.pk}")
    assert not found


def test_the_person_and_account_read_as_erased(erased):
    person = Person.objects.get(pk=erased.person.pk)
    user = User.objects.get(pk=erased.user.pk)

    assert person.erased_on == timezone.localdate()
    assert person.full_name == _label() == str(person)
    assert user.erased_on == timezone.localdate()
    assert str(user) == _label()
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.email.endswith("@erased.invalid")


def test_the_account_cannot_be_used_any_more(erased, client):
    assert not EmailAddress.objects.filter(user=erased.user).exists()
    assert not Authenticator.objects.filter(user=erased.user).exists()
    assert not Session.objects.exists()
    assert client.get(reverse("privacy:index")).status_code == 302


def test_what_need_not_be_kept_is_deleted(erased):
    assert not Subscriber.objects.filter(email__iexact=EMAIL).exists()
    assert not ContactMessage.objects.filter(author=erased.person).exists()
    assert not MatchSubscription.objects.filter(person=erased.person).exists()
    assert not OutboundEmail.objects.filter(to__iexact=EMAIL).exists()


def test_registrations_stay_counted_without_names(erased):
    for key in ("member_registration", "guest_registration"):
        registration = Registration.objects.get(pk=erased.rows[key].pk)
        assert registration.first_name == registration.last_name == "—"
        assert registration.answers == {}
        assert registration.status == Registration.Status.ATTENDED


def test_votes_and_tallies_stay_whole_and_name_the_erased_person(erased):
    resolution = erased.resolution
    resolution.refresh_from_db()
    assert (resolution.votes_for, resolution.participant_count) == (1, 1)
    voter = EligibleVoter.objects.get(pk=erased.rows["voter"].pk)
    assert voter.proxy_id == erased.person.pk and voter.proxy_document
    cast = VoteCast.objects.get(voter=voter)
    assert cast.cast_by_id == erased.person.pk
    assert str(cast.cast_by) == _label()
    assert Ballot.objects.get(voter=voter).choice == "for"


def test_meetings_and_elections_keep_their_records(erased):
    assert Attendance.objects.filter(person=erased.person).exists()
    minutes = erased.minutes
    minutes.refresh_from_db()
    assert FIRST not in minutes.text and EMAIL not in minutes.text
    assert minutes.text.startswith(f"Protokół sporządził {_stored_label()}")
    candidate = Candidate.objects.get(person=erased.person)
    assert candidate.elected and candidate.votes == 3 and candidate.statement == ""


def test_the_board_keeps_the_organisations_records(erased):
    assert Contact.objects.filter(person=erased.person).exists()
    post = type(erased.rows["post"]).objects.get(pk=erased.rows["post"].pk)
    assert str(post.author) == _label()


def test_the_audit_trail_stays_whole_and_names_the_erased_person(erased, coordinator):
    entry = AuditEntry.objects.get(action="person.updated")
    assert entry.target_repr == _stored_label()
    assert entry.changes["last_name"][1] == _stored_label()
    assert entry.actor == coordinator
    assert AuditEntry.objects.filter(action="post.created", actor=erased.user).exists()


def test_the_erasure_is_audited_without_naming_the_person(erased, coordinator):
    entry = AuditEntry.objects.get(action="privacy.erasure_done")

    assert entry.actor == coordinator
    text = f"{entry.target_repr} {entry.changes}".lower()
    assert EMAIL not in text and LAST.lower() not in text
    assert erased.request.status == DataRequest.Status.DONE
    assert erased.request.email == "" and erased.request.user is None
    assert erased.request.summary["members.Person"] == 1


def test_other_records_lose_only_the_persons_own_details(erased):
    organisation = erased.person.organisation
    organisation.refresh_from_db()
    assert organisation.email == ""
    assert MembershipApplication.objects.get(organisation=organisation).ip_address is None
    partner = Partner.objects.get(slug="partner")
    assert (partner.contact_name, partner.email, partner.phone) == ("", "", "")


def test_a_page_shows_the_erased_person_in_the_readers_language(erased, client):
    person = Person.objects.get(pk=erased.person.pk)
    from django.utils import translation

    with translation.override("pl"):
        polish = person.full_name
    assert polish  # the catalogue may not translate it yet; it is never the name
    assert FIRST not in polish


def test_the_primary_representative_is_refused_with_a_message(rich, coordinator):
    Organisation.objects.filter(pk=rich.person.organisation_id).update(
        primary_representative=rich.person
    )
    request = _erasure(EMAIL, coordinator)

    with pytest.raises(ValidationError, match="primary representative"):
        services.erasure_perform(request=request, actor=coordinator)

    assert Person.objects.get(pk=rich.person.pk).erased_on is None
    request.refresh_from_db()
    assert request.status == DataRequest.Status.PENDING


def test_a_registration_for_an_event_to_come_is_refused(rich, coordinator):
    Registration.objects.create(
        event=EventFactory(),
        sequence=1,
        status=Registration.Status.CONFIRMED,
        person=rich.person,
        first_name=FIRST,
        last_name=LAST,
        email=EMAIL,
        language="pl",
        token=Registration.new_token(),
    )
    request = _erasure(EMAIL, coordinator)

    with pytest.raises(ValidationError, match="event still to come"):
        services.erasure_perform(request=request, actor=coordinator)


def test_a_guest_without_an_account_is_erased_by_address(coordinator):
    event = EventFactory(
        starts_at=timezone.now() - timezone.timedelta(days=3),
        ends_at=timezone.now() - timezone.timedelta(days=2),
    )
    guest = Registration.objects.create(
        event=event,
        sequence=1,
        status=Registration.Status.ATTENDED,
        first_name="Ala",
        last_name="Gość",
        email="gosc@example.com",
        language="pl",
        token=Registration.new_token(),
    )
    Subscriber.objects.create(email="gosc@example.com", token="t-guest")
    request = _erasure("GOSC@example.com", coordinator)

    services.erasure_perform(request=request, actor=coordinator)

    guest.refresh_from_db()
    assert guest.email.endswith("@erased.invalid") and guest.last_name == "—"
    assert not Subscriber.objects.exists()


def test_an_erasure_runs_once(erased, coordinator):
    with pytest.raises(ValidationError, match="not waiting"):
        services.erasure_perform(request=erased.request, actor=coordinator)


def test_nothing_under_an_address_is_refused(coordinator):
    with pytest.raises(ValidationError, match="holds nothing"):
        _erasure("nobody@example.com", coordinator)
