"""`manage.py seed_demo`: a realistic, deterministic demo cluster that a second run leaves alone.

The cluster is built once for the module inside a transaction that is rolled back at the end;
each test runs in a savepoint within it.
"""

import datetime
import hashlib
import io
from collections import Counter
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts import roles as account_roles
from accounts.models import User
from core.models import AuditEntry, OutboundEmail
from members import roles
from members.demo.data import COMPETENCES
from members.demo.plan import cluster_plan
from members.models import (
    ActionGroup,
    Competence,
    CouncilSeat,
    MembershipApplication,
    MembershipChange,
    Organisation,
    Person,
    Sector,
)
from members.validators import validate_krs, validate_nip, validate_regon

PASSWORD = "Klaster-Demo-2026"
Status = Organisation.Status


def _database_state():
    """Count and hash every row of every table, so any change a run makes shows up."""
    counts, digest = {}, hashlib.sha256()
    for model in apps.get_models(include_auto_created=True):
        rows = list(model._base_manager.order_by("pk").values_list())
        counts[model._meta.label] = len(rows)
        digest.update(repr((model._meta.label, rows)).encode())
    return counts, digest.hexdigest()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        output = io.StringIO()
        call_command("seed_demo", stdout=output)
        yield SimpleNamespace(output=output.getvalue())
        transaction.set_rollback(True)


@pytest.fixture
def cluster(demo, db):
    return demo


def test_it_says_what_it_built_and_how_to_log_in(cluster):
    assert "150 organisations created" in cluster.output
    assert "koordynator@klaster.example" in cluster.output


def test_it_registers_about_150_members_of_every_kind(cluster):
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))

    assert sum(kinds.values()) == 150
    assert set(kinds) == set(Organisation.Kind.values)
    assert kinds["small"] > kinds["large"]
    assert Organisation.objects.filter(name__startswith="Politechnika").exists()


def test_most_members_are_active_and_a_few_apply_are_suspended_or_left(cluster):
    statuses = Counter(Organisation.objects.values_list("status", flat=True))

    assert statuses[Status.ACTIVE] >= 130
    assert statuses[Status.APPLICANT] >= 3
    assert statuses[Status.SUSPENDED] >= 2
    assert statuses[Status.WITHDRAWN] >= 2


def test_members_come_mostly_from_pomerania_and_from_other_voivodeships(cluster):
    voivodeships = Counter(Organisation.objects.values_list("voivodeship", flat=True))

    assert voivodeships["pomorskie"] > 100
    assert len(voivodeships) >= 8


def test_every_nip_is_valid_and_unique_and_regon_and_krs_are_valid_where_given(cluster):
    identifiers = list(Organisation.objects.values_list("nip", "regon", "krs"))

    assert len({nip for nip, _regon, _krs in identifiers}) == len(identifiers)
    for nip, regon, krs in identifiers:
        validate_nip(nip)
        if regon:
            validate_regon(regon)
        if krs:
            validate_krs(krs)
    with_regon = sum(1 for _nip, regon, _krs in identifiers if regon)
    assert 0 < with_regon < len(identifiers)


def test_every_member_has_two_to_four_people(cluster):
    people = Counter(Person.objects.values_list("organisation_id", flat=True))

    assert len(people) == Organisation.objects.count()
    assert set(people.values()) <= {2, 3, 4}


def test_every_active_member_has_one_primary_representative_of_its_own(cluster):
    for organisation in Organisation.objects.active().select_related("primary_representative"):
        representative = organisation.primary_representative
        assert representative.organisation_id == organisation.pk
        assert representative.role == Person.Role.REPRESENTATIVE


def test_sectors_are_named_in_the_five_languages(cluster):
    sectors = Sector.objects.all()

    assert {"ict", "electronics", "telecommunications", "automation", "robotics"} <= {
        sector.slug for sector in sectors
    }
    for sector in sectors:
        assert all(getattr(sector, f"name_{code}") for code in ("pl", "en", "de", "fr", "ru"))
    assert not Organisation.objects.filter(sectors=None).exists()


def test_the_competence_vocabulary_is_named_in_the_five_languages(cluster):
    assert Competence.objects.count() == len(COMPETENCES) >= 30
    for competence in Competence.objects.all():
        for code in ("pl", "en", "de", "fr", "ru"):
            assert getattr(competence, f"name_{code}"), (competence.slug, code)
    assert set(Competence.objects.values_list("kind", flat=True)) == set(Competence.Kind)


def test_every_member_names_two_to_six_competences(cluster):
    per_member = Counter(
        Organisation.competences.through.objects.values_list("organisation_id", flat=True)
    )

    assert set(per_member) == set(Organisation.objects.values_list("pk", flat=True))
    assert min(per_member.values()) >= 2
    assert max(per_member.values()) <= 6


def test_a_member_seeded_before_the_vocabulary_gets_its_terms_once(cluster):
    organisation = Organisation.objects.filter(status=Status.ACTIVE).order_by("pk").first()
    organisation.competences.clear()

    call_command("seed_demo", stdout=io.StringIO())
    terms = set(organisation.competences.values_list("slug", flat=True))
    call_command("seed_demo", stdout=io.StringIO())

    assert 2 <= len(terms) <= 6
    assert set(organisation.competences.values_list("slug", flat=True)) == terms


def test_descriptions_are_in_polish_and_some_lack_english_or_german_so_fallback_shows(cluster):
    descriptions = list(
        Organisation.objects.values_list("description_pl", "description_en", "description_de")
    )

    assert all(polish for polish, _english, _german in descriptions)
    english = sum(1 for _polish, text, _german in descriptions if text)
    german = sum(1 for _polish, _english, text in descriptions if text)
    assert len(descriptions) * 0.6 < english < len(descriptions)
    assert 10 < german < english


def test_applicants_have_their_application_and_decisions_are_recorded(cluster):
    applicants = Organisation.objects.filter(status=Status.APPLICANT)
    rejected = Organisation.objects.get(status=Status.REJECTED)

    assert MembershipApplication.objects.filter(organisation__in=applicants).count() == (
        applicants.count()
    )
    assert {application.language for application in MembershipApplication.objects.all()} == {
        "pl",
        "en",
    }
    assert rejected.application.rejection_reason
    assert not applicants.exclude(joined_on=None).exists()


def test_suspensions_and_withdrawals_keep_who_when_and_why(cluster):
    coordinator = User.objects.get(email="koordynator@klaster.example")

    for status in (Status.SUSPENDED, Status.WITHDRAWN):
        for organisation in Organisation.objects.filter(status=status):
            change = organisation.membership_changes.get(to_status=status)
            assert change.reason
            assert change.actor == coordinator
            assert (organisation.left_on is not None) is (status == Status.WITHDRAWN)


def test_action_groups_have_leaders_from_their_members_and_translated_names(cluster):
    groups = ActionGroup.objects.select_related("leader").prefetch_related("organisations")

    assert {
        "Smart City",
        "Cyberbezpieczeństwo",
        "Przemysł 4.0",
        "Logistyka i transport",
        "Eksport i misje zagraniczne",
    } <= {group.name_pl for group in groups}
    for group in groups:
        members = set(group.organisations.all())
        assert len(members) >= 5
        assert group.leader.organisation in members
        assert group.name_en
        assert all(member.status == Status.ACTIVE for member in members)
    assert ActionGroup.objects.get(name_pl="Przemysł 4.0").slug == "przemysl-40"


def test_the_council_has_seven_seats_in_office_and_one_chair(cluster):
    today = datetime.date.today()
    in_office = CouncilSeat.objects.in_office(on=today).select_related("person__organisation")

    assert in_office.count() == 7
    assert [seat.person.user.email for seat in in_office if seat.is_chair] == [
        "rada@klaster.example"
    ]
    assert sum(1 for seat in in_office if seat.person.user_id) >= 3
    assert all(seat.person.organisation.status == Status.ACTIVE for seat in in_office)
    assert CouncilSeat.objects.filter(term_end__lt=today).exists()


@pytest.mark.parametrize(
    "email",
    [
        "koordynator@klaster.example",
        "przedstawiciel@klaster.example",
        "rada@klaster.example",
        "katarzyna.necel@pnb.edu.example",
        "pawel.konkol@parkoliwa.example",
        "admin@klaster.example",
    ],
)
def test_each_demo_account_logs_in_with_the_demo_password(cluster, client, email):
    response = client.post(
        "/pl/accounts/login/", {"login": email, "password": PASSWORD}, follow=False
    )

    assert response.status_code == 302
    assert response.wsgi_request.user.email == email
    assert EmailAddress.objects.get(email=email).verified


def test_it_prints_every_demo_account_with_its_role_and_the_page_to_open(cluster, settings):
    lines = cluster.output.splitlines()
    listed = [line.split() for line in lines if "@klaster.example" in line or ".example " in line]

    assert f"6 demo accounts, all with the password {PASSWORD}:" in lines
    assert {words[0] for words in listed} == {
        "koordynator@klaster.example",
        "przedstawiciel@klaster.example",
        "rada@klaster.example",
        "katarzyna.necel@pnb.edu.example",
        "pawel.konkol@parkoliwa.example",
        "admin@klaster.example",
    }
    assert all(words[-1].startswith(settings.SITE_URL + "/pl/") for words in listed)
    assert any("coordinator" in line and line.endswith("/pl/panel/") for line in lines)
    assert any("member of the Cluster Council" in line for line in lines)
    assert lines[-1] == f"Open {settings.SITE_URL}/pl/"


def test_the_demo_accounts_have_their_roles(cluster):
    users = {user.email: user for user in User.objects.all()}

    assert account_roles.is_coordinator(users["koordynator@klaster.example"])
    representative = users["przedstawiciel@klaster.example"]
    organisation = roles.represented_organisation(representative)
    assert organisation is not None
    assert organisation.primary_representative.user == representative
    assert roles.is_council_chair(users["rada@klaster.example"])
    assert users["admin@klaster.example"].is_superuser
    assert not roles.is_council_member(users["koordynator@klaster.example"])


def test_it_sends_no_email(cluster):
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_every_member_has_an_audit_trail_by_the_coordinator(cluster):
    created = AuditEntry.objects.filter(action="organisation.created")

    assert created.count() == Organisation.objects.count()
    assert set(created.values_list("actor__email", flat=True)) == {"koordynator@klaster.example"}


def test_running_it_again_changes_nothing(cluster):
    counts, digest = _database_state()

    output = io.StringIO()
    call_command("seed_demo", stdout=output)

    assert _database_state() == (counts, digest)
    assert "0 organisations created" in output.getvalue()
    assert counts["members.Organisation"] == 150
    assert counts["core.AuditEntry"] > 0
    assert MembershipChange.objects.count() == counts["members.MembershipChange"]


def test_the_plan_is_the_same_every_time_it_is_drawn():
    today = datetime.date(2026, 3, 2)

    assert cluster_plan(today=today) == cluster_plan(today=today)


def test_it_refuses_to_run_where_demo_data_is_not_allowed(settings):
    settings.SEED_DEMO_ALLOWED = False

    with pytest.raises(CommandError, match="SEED_DEMO_ALLOWED"):
        call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize("language", ["pl", "en", "de", "fr", "ru"])
def test_the_board_and_the_projects_answer_in_every_language_with_demo_content(
    cluster, client, language
):
    board = client.get(f"/{language}/cooperation/")
    projects = client.get(f"/{language}/projects/")

    assert board.status_code == 200
    assert projects.status_code == 200
    assert len(board.context["page_obj"]) > 0
    assert len(projects.context["page_obj"]) > 0


def test_the_meetings_answer_a_member_and_send_a_visitor_to_log_in(cluster, client):
    # Not a councillor: the chair must set up two-factor authentication first.
    member = (
        Person.objects.filter(user__isnull=False, organisation__status=Organisation.Status.ACTIVE)
        .exclude(council_seats__isnull=False)
        .first()
    )

    assert client.get("/pl/meetings/").status_code == 302
    client.force_login(member.user)
    assert client.get("/pl/meetings/").status_code == 200
