"""The security tests' part for the documents app (see `parts/__init__.py`).

One folder per reading rule, each with a document whose title carries the folder's marker: public,
members (where members may upload; the employee has added a document of their own), the council,
an action group of the representative's organisation, and a project whose partner is the council
member's organisation.
"""

from documents import services
from documents.models import Folder
from members.models import ActionGroup
from tests.documents.factories import make_document, make_folder, pdf_upload
from tests.projects.factories import MemberPartnerFactory, ProjectFactory

from ..rules import (
    COORDINATOR,
    COUNCIL,
    MEMBER_PEOPLE,
    MEMBERS,
    PUBLIC,
    Rule,
    Variants,
    coordinator_action,
    coordinator_page,
    marker_for,
)

Access = Folder.Access
GROUP = frozenset({"employee", "representative", "coordinator"})
PARTNERS = frozenset({"council_member", "coordinator"})
READERS = {
    "public": PUBLIC,
    "members": MEMBERS,
    "council": COUNCIL,
    "group": GROUP,
    "partners": PARTNERS,
}
RESTRICTED = ("members", "council", "group", "partners")

TABLE = {
    "documents:index": Rule(get=PUBLIC),
    "documents:notices": Rule(get=MEMBER_PEOPLE),
    **{f"documents:folder[{name}]": Rule(get=readers) for name, readers in READERS.items()},
    **{f"documents:document[{name}]": Rule(get=readers) for name, readers in READERS.items()},
    **{f"documents:download[{name}]": Rule(get=readers) for name, readers in READERS.items()},
    "documents:download[old]": Rule(get=MEMBERS),
    # The members' folder takes uploads from its readers; the council's only from the coordinator.
    "documents:upload[open]": Rule(get=MEMBERS),
    "documents:upload[closed]": Rule(get=COORDINATOR),
    # A member adds versions to their own document only.
    "documents:version_add[own]": Rule(get=frozenset({"employee", "coordinator"})),
    "documents:version_add[other]": Rule(get=COORDINATOR),
    "panel_documents:index": coordinator_page(),
    "panel_documents:folders_create_missing": coordinator_action(),
    "panel_documents:folder_create": coordinator_page(),
    "panel_documents:folder": coordinator_page(),
    "panel_documents:folder_edit": coordinator_page(),
    "panel_documents:folder_delete": coordinator_action(),
    "panel_documents:document_create": coordinator_page(),
    "panel_documents:document": coordinator_page(),
    "panel_documents:version_add": coordinator_action(),
    "panel_documents:document_archive": coordinator_action(),
    "panel_documents:document_restore": coordinator_action(),
    "panel_documents:document_delete": coordinator_action(),
}
MARKER_READERS = {f"documents_{name}": READERS[name] for name in RESTRICTED}
WITHOUT_A_FORM: dict = {}
# An archived document's page offers "put back"; an empty folder's page offers "delete".
EXTRA_PAGES = (
    ("panel_documents:document", "documents_archived"),
    ("panel_documents:folder", "documents_empty_folder"),
)


def build(world, *, outsider, employee, representative, council_member, coordinator):
    """The library's folders, documents and versions, see the module's docstring."""
    o = world.objects
    group = ActionGroup.objects.create(name="Grupa dokumentów", slug="documents-group")
    group.organisations.add(representative.person.organisation)
    project = ProjectFactory(acronym="DOCS")
    MemberPartnerFactory(project=project, organisation=council_member.person.organisation)

    def title(name, what):
        marker = f" {marker_for(f'documents_{name}')}" if name in RESTRICTED else ""
        return f"{what}{marker}"

    folders = {
        "public": make_folder(coordinator, title=title("public", "Folder"), access=Access.PUBLIC),
        "members": make_folder(
            coordinator,
            title=title("members", "Folder"),
            access=Access.MEMBERS,
            members_may_upload=True,
        ),
        "council": make_folder(
            coordinator,
            title=title("council", "Folder"),
            access=Access.BODY,
            owner=o["council_body"],
        ),
        "group": make_folder(
            coordinator, title=title("group", "Folder"), access=Access.GROUP, owner=group
        ),
        "partners": make_folder(
            coordinator, title=title("partners", "Folder"), access=Access.PARTNERS, owner=project
        ),
    }
    for name, folder in folders.items():
        o[f"documents_folder_{name}"] = folder
        document = make_document(coordinator, folder, title=title(name, "Dokument"))
        o[f"documents_document_{name}"] = document
    members_document = o["documents_document_members"]
    o["documents_old_version"] = members_document.versions.get()
    services.version_add(document=members_document, upload=pdf_upload("v2.pdf"), actor=coordinator)
    archived = make_document(coordinator, folders["council"], title=title("council", "Archiwum"))
    services.document_archive(document=archived, actor=coordinator)
    o["documents_archived"] = archived
    o["documents_empty_folder"] = make_folder(
        coordinator, title="Pusty", access=Access.BODY, owner=o["council_body"]
    )
    o["documents_own"] = make_document(
        employee, folders["members"], title=title("members", "Dokument pracownika")
    )


def url_kwargs(objects):
    def pk(name):
        return {"pk": objects[name].pk}

    def current(name):
        return {"pk": objects[f"documents_document_{name}"].versions.get(is_current=True).pk}

    return {
        "documents:folder": Variants(**{name: pk(f"documents_folder_{name}") for name in READERS}),
        "documents:document": Variants(
            **{name: pk(f"documents_document_{name}") for name in READERS}
        ),
        "documents:download": Variants(
            **{name: current(name) for name in READERS}, old=pk("documents_old_version")
        ),
        "documents:upload": Variants(
            open=pk("documents_folder_members"), closed=pk("documents_folder_council")
        ),
        "documents:version_add": Variants(
            own=pk("documents_own"), other=pk("documents_document_council")
        ),
        "panel_documents:folder": pk("documents_folder_council"),
        "panel_documents:folder_edit": pk("documents_folder_council"),
        "panel_documents:folder_delete": pk("documents_folder_council"),
        "panel_documents:document_create": pk("documents_folder_council"),
        "panel_documents:document": pk("documents_document_council"),
        "panel_documents:version_add": pk("documents_document_council"),
        "panel_documents:document_archive": pk("documents_document_council"),
        "panel_documents:document_restore": pk("documents_document_council"),
        "panel_documents:document_delete": pk("documents_document_council"),
    }
