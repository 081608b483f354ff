"""Who may open each panel page: coordinators only; anonymous visitors are sent to log in."""

import pytest
from django.urls import reverse

from members.models import Competence, Organisation, Person
from tests.factories import (
    ActionGroupFactory,
    CompetenceFactory,
    CouncilSeatFactory,
    PersonFactory,
    SectorFactory,
    active_member,
)

pytestmark = pytest.mark.django_db

# (url name, which object's pk it takes, the methods it answers)
PANEL_PAGES = [
    ("dashboard", None, "GET"),
    ("member_list", None, "GET"),
    ("member_export_csv", None, "GET"),
    ("member_export_xlsx", None, "GET"),
    ("member_create", None, "GET"),
    ("member_import", None, "GET"),
    ("member_import_template", None, "GET"),
    ("member_detail", "organisation", "GET"),
    ("member_edit", "organisation", "GET"),
    ("member_status", "organisation", "GET"),
    ("member_audit", "organisation", "GET"),
    ("member_approve", "applicant", "GET"),
    ("member_reject", "applicant", "GET"),
    ("person_create", "organisation", "GET"),
    ("person_edit", "person", "GET"),
    ("person_delete", "person", "GET"),
    ("application_list", None, "GET"),
    ("action_group_list", None, "GET"),
    ("action_group_create", None, "GET"),
    ("action_group_edit", "action_group", "GET"),
    ("sector_list", None, "GET"),
    ("sector_create", None, "GET"),
    ("sector_edit", "sector", "GET"),
    ("competence_list", None, "GET"),
    ("competence_create", None, "GET"),
    ("competence_edit", "competence", "GET"),
    ("competence_delete", "competence", "GET"),
    ("council_list", None, "GET"),
    ("council_seat_add", None, "GET"),
    ("council_seat_end", "seat", "GET"),
    ("invite_coordinator", None, "GET"),
    ("person_invite", "person", "POST"),
    ("person_make_primary", "person", "POST"),
    ("member_import_confirm", None, "POST"),
]
PAGE_IDS = [name for name, _kind, _method in PANEL_PAGES]


@pytest.fixture
def objects(applicant):
    organisation = active_member(name="Panelowa Sp. z o.o.")
    person = PersonFactory(organisation=organisation)
    return {
        "organisation": organisation,
        "applicant": applicant,
        "person": person,
        "action_group": ActionGroupFactory(),
        "sector": SectorFactory(),
        "competence": CompetenceFactory(),
        "seat": CouncilSeatFactory(person=person),
    }


def _url(objects, name, kind):
    args = [objects[kind].pk] if kind else []
    return reverse(f"panel:{name}", args=args)


def _request(client, method, url):
    return client.post(url) if method == "POST" else client.get(url)


@pytest.mark.parametrize(("name", "kind", "method"), PANEL_PAGES, ids=PAGE_IDS)
def test_it_sends_anonymous_visitors_to_log_in(client_for, objects, name, kind, method):
    url = _url(objects, name, kind)
    response = _request(client_for(None), method, url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["outsider", "representative", "employee", "council_member"])
@pytest.mark.parametrize(("name", "kind", "method"), PANEL_PAGES, ids=PAGE_IDS)
def test_it_forbids_everyone_but_coordinators(
    request, client_for, objects, persona, name, kind, method
):
    user = request.getfixturevalue(persona)
    response = _request(client_for(user), method, _url(objects, name, kind))
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "kind", "method"), PANEL_PAGES, ids=PAGE_IDS)
def test_it_lets_a_coordinator_in(client_for, coordinator, objects, name, kind, method):
    response = client_for(coordinator).get(_url(objects, name, kind))
    assert response.status_code == (200 if method == "GET" else 405)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("member_detail", "organisation"),
        ("member_edit", "organisation"),
        ("member_audit", "organisation"),
        ("person_edit", "person"),
        ("action_group_edit", "action_group"),
        ("sector_edit", "sector"),
        ("competence_edit", "competence"),
        ("competence_delete", "competence"),
        ("council_seat_end", "seat"),
    ],
)
def test_it_answers_404_for_an_object_that_does_not_exist(client_for, coordinator, name, kind):
    response = client_for(coordinator).get(reverse(f"panel:{name}", args=[999_999]))
    assert response.status_code == 404


def test_a_representative_cannot_change_a_status_by_post(client_for, representative):
    organisation = representative.person.organisation
    response = client_for(representative).post(
        reverse("panel:member_status", args=[organisation.pk]),
        {"status": "suspended", "reason": "Przejęcie panelu"},
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ACTIVE


def test_a_representative_cannot_remove_a_colleague_by_post(client_for, representative, employee):
    colleague = employee.person
    response = client_for(representative).post(reverse("panel:person_delete", args=[colleague.pk]))
    assert response.status_code == 403
    assert Person.objects.filter(pk=colleague.pk).exists()


def test_the_panel_navigation_marks_the_current_section(client_for, coordinator):
    response = client_for(coordinator).get(reverse("panel:member_list"))
    content = response.content.decode()
    assert f'href="{reverse("panel:member_list")}" aria-current="page"' in content
    assert f'href="{reverse("panel:dashboard")}" aria-current' not in content


@pytest.mark.parametrize("persona", [None, "outsider", "representative", "council_member"])
def test_nobody_but_a_coordinator_removes_a_competence(request, client_for, persona):
    competence = CompetenceFactory()
    user = request.getfixturevalue(persona) if persona else None

    response = client_for(user).post(reverse("panel:competence_delete", args=[competence.pk]))

    assert response.status_code in (302, 403)
    assert Competence.objects.filter(pk=competence.pk).exists()
