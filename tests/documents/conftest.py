"""A library world: a folder of each kind and reading rule, and the people each rule is about."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from documents.models import Folder
from resolutions.models import GoverningBody
from tests.factories import ActionGroupFactory, PersonFactory, UserFactory, active_member
from tests.projects.factories import MemberPartnerFactory, ProjectFactory

from .factories import make_document, make_folder

Access = Folder.Access


@pytest.fixture
def library(coordinator, representative, employee, council_member, outsider, other_organisation):
    """Folders of every kind with one document each.

    The representative's organisation (with the employee) is in the action group; the council
    member's organisation is the project's partner; a third member's person is appointed to the
    audit committee.
    """
    call_command("seed_governance", stdout=io.StringIO())
    bodies = {body.slug: body for body in GoverningBody.objects.all()}
    council = bodies["council"]
    assembly = bodies["member-assembly"]
    appointed_user = UserFactory(email="appointed@example.com")
    appointed_org = active_member(name="Komisja Sp. z o.o.", slug="komisja")
    appointed = PersonFactory(
        organisation=appointed_org, user=appointed_user, email=appointed_user.email
    )
    committee = GoverningBody.objects.create(
        name="Komisja rewizyjna",
        slug="komisja-rewizyjna",
        electorate=GoverningBody.Electorate.APPOINTED,
    )
    committee.appointed_people.set([appointed])

    group = ActionGroupFactory()
    group.organisations.add(representative.person.organisation)
    project = ProjectFactory()
    MemberPartnerFactory(project=project, organisation=council_member.person.organisation)

    folders = SimpleNamespace(
        public=make_folder(coordinator, title="Publiczny", access=Access.PUBLIC),
        members=make_folder(coordinator, title="Dla członków", access=Access.MEMBERS),
        council=make_folder(coordinator, title="Rada", access=Access.BODY, owner=council),
        assembly=make_folder(coordinator, title="Walne", access=Access.BODY, owner=assembly),
        committee=make_folder(coordinator, title="Komisja", access=Access.BODY, owner=committee),
        group=make_folder(coordinator, title="Grupa", access=Access.GROUP, owner=group),
        project=make_folder(coordinator, title="Projekt", access=Access.PARTNERS, owner=project),
    )
    # A public folder inside the council's: only the council reads it, whatever it says.
    folders.council_public = make_folder(
        coordinator, title="Rada publiczny", access=Access.PUBLIC, parent=folders.council
    )
    documents = SimpleNamespace(
        **{
            name: make_document(coordinator, folder, title=f"Dokument {name}")
            for name, folder in vars(folders).items()
        }
    )
    return SimpleNamespace(
        folders=folders,
        documents=documents,
        council=council,
        committee=committee,
        group=group,
        project=project,
        appointed=appointed_user,
        other_organisation=other_organisation,
    )
