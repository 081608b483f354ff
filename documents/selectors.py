"""Reads for the document library, and the one rule of who may read a folder.

A folder is readable when its own access rule lets the reader in and every folder above it does
too; coordinators read everything. The rule is written twice, once for a user who asks (what they
may open) and once as a query of people (whom to tell of a new document), and the tests hold the
two to each other for every persona.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import is_coordinator
from members import roles
from members.models import ActionGroup, CouncilSeat, Organisation, Person
from projects.models import ProjectPartner
from resolutions.models import GoverningBody
from resolutions.selectors import bodies_of

from .models import Document, DocumentVersion, Folder, NoticeOptOut

Access = Folder.Access
AnyUser = User | AnonymousUser | None


# --- Who may read -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reader:
    """What the access rules need to know of a user, read once per request."""

    everything: bool = False
    member: bool = False
    body_ids: frozenset[int] = field(default_factory=frozenset)
    group_ids: frozenset[int] = field(default_factory=frozenset)
    project_ids: frozenset[int] = field(default_factory=frozenset)

    def admits(self, *, access: str, body_id: Any, group_id: Any, project_id: Any) -> bool:
        """Whether one folder's own rule lets this reader in."""
        if self.everything or access == Access.PUBLIC:
            return True
        if access == Access.MEMBERS:
            return self.member
        if access == Access.BODY:
            return body_id in self.body_ids
        if access == Access.GROUP:
            return group_id in self.group_ids
        if access == Access.PARTNERS:
            return project_id in self.project_ids
        return False


def reader_of(user: AnyUser) -> Reader:
    """Return what the access rules know of `user`: anonymous visitors read public folders."""
    if user is None or not user.is_authenticated:
        return Reader()
    if is_coordinator(user):
        return Reader(everything=True)
    person = roles.person_of(user)
    if person is None:
        return Reader()
    member = roles.member_person_of(user) is not None
    group_ids: set[int] = set(
        ActionGroup.objects.filter(leader=person).values_list("pk", flat=True)
    )
    if member:
        group_ids |= set(
            ActionGroup.objects.filter(organisations=person.organisation_id).values_list(
                "pk", flat=True
            )
        )
    return Reader(
        member=member,
        body_ids=frozenset(bodies_of(user).values_list("pk", flat=True)),
        group_ids=frozenset(group_ids),
        project_ids=frozenset(
            ProjectPartner.objects.filter(organisation=person.organisation_id).values_list(
                "project", flat=True
            )
        ),
    )


def _rows() -> dict[int, tuple[Any, ...]]:
    return {
        row[0]: row
        for row in Folder.objects.values_list(
            "pk", "parent_id", "access", "body_id", "action_group_id", "project_id"
        )
    }


def readable_folder_ids(*, user: AnyUser, reader: Reader | None = None) -> set[int]:
    """Return the ids of the folders `user` may read: their own rule and every parent's admit."""
    reader = reader or reader_of(user)
    rows = _rows()
    if reader.everything:
        return set(rows)
    verdict: dict[int, bool] = {}

    def readable(pk: int) -> bool:
        chain: list[int] = []
        current: int | None = pk
        while current is not None and current not in verdict:
            if current in chain:  # a loop the services never write; read it as closed
                verdict.update(dict.fromkeys(chain, False))
                return False
            chain.append(current)
            current = rows[current][1]
        result = verdict.get(current, True) if current is not None else True
        for folder_pk in reversed(chain):
            _pk, _parent, access, body_id, group_id, project_id = rows[folder_pk]
            result = result and reader.admits(
                access=access, body_id=body_id, group_id=group_id, project_id=project_id
            )
            verdict[folder_pk] = result
        return verdict[pk]

    return {pk for pk in rows if readable(pk)}


def folder_readable_by(*, folder: Folder, user: AnyUser) -> bool:
    return folder.pk in readable_folder_ids(user=user)


def documents_readable_by(*, user: AnyUser) -> QuerySet[DocumentVersion]:
    """The current versions of the published documents `user` may read (the search indexes these).

    Each row is a DocumentVersion with `document` and `document.folder` loaded; an archived
    document, or one in a folder the user may not read, is not among them.
    """
    return DocumentVersion.objects.filter(
        is_current=True,
        document__status=Document.Status.PUBLISHED,
        document__folder_id__in=readable_folder_ids(user=user),
    ).select_related("document", "document__folder")


def _person_rule(folder: Folder, *, on: Any) -> Q:
    """The people one folder's own rule admits, as a condition on Person."""
    active_member = Q(organisation__status=Organisation.Status.ACTIVE)
    if folder.access in (Access.PUBLIC, Access.MEMBERS):
        # Everyone may read a public folder; of them, the people of members are told of it.
        return active_member
    if folder.access == Access.BODY:
        body = folder.body
        assert body is not None  # the database holds access=body to a body's folder
        if body.electorate == GoverningBody.Electorate.MEMBERS:
            return active_member
        if body.electorate == GoverningBody.Electorate.COUNCIL:
            return Q(pk__in=CouncilSeat.objects.in_office(on=on).values("person"))
        return Q(pk__in=body.appointed_people.values("pk"))
    if folder.access == Access.GROUP:
        group = folder.action_group
        assert group is not None
        return (active_member & Q(organisation__action_groups=group)) | Q(pk=group.leader_id or 0)
    if folder.access == Access.PARTNERS:
        return Q(
            organisation__in=ProjectPartner.objects.filter(
                project=folder.project_id, organisation__isnull=False
            ).values("organisation")
        )
    return Q(pk__in=[])


def folder_chain(*, folder: Folder) -> list[Folder]:
    """Return the folder and the folders above it, the top one first."""
    chain = [folder]
    seen = {folder.pk}
    while chain[0].parent_id is not None and chain[0].parent_id not in seen:
        parent = Folder.objects.select_related("body").get(pk=chain[0].parent_id)
        seen.add(parent.pk)
        chain.insert(0, parent)
    return chain


def people_to_tell(*, folder: Folder) -> QuerySet[Person]:
    """The people with an account who may read `folder` and have not opted out of notices."""
    today = timezone.localdate()
    people = Person.objects.filter(user__isnull=False, user__is_active=True)
    for each in folder_chain(folder=folder):
        people = people.filter(pk__in=Person.objects.filter(_person_rule(each, on=today)))
    return (
        people.exclude(pk__in=NoticeOptOut.objects.values("person"))
        .select_related("user")
        .order_by("pk")
    )


# --- Pages --------------------------------------------------------------------------------------


def _published_documents() -> QuerySet[Document]:
    current = DocumentVersion.objects.filter(is_current=True)
    return (
        Document.objects.filter(status=Document.Status.PUBLISHED)
        .prefetch_related(Prefetch("versions", queryset=current, to_attr="current_versions"))
        .order_by("title", "id")
    )


def library_index(*, user: AnyUser) -> dict[str, Any]:
    """Return the top folders `user` may read, grouped by what they belong to."""
    readable = readable_folder_ids(user=user)
    folders = (
        Folder.objects.filter(pk__in=readable, parent__isnull=True)
        .select_related("body", "action_group", "project")
        .annotate(
            document_count=Count("documents", filter=Q(documents__status=Document.Status.PUBLISHED))
        )
    )
    groups: dict[str, list[Folder]] = {kind: [] for kind in Folder.Kind.values}
    for folder in folders:
        groups[folder.kind].append(folder)
    return {
        "groups": [(Folder.Kind(kind).label, items) for kind, items in groups.items() if items],
        "readable_count": len(readable),
    }


def folder_for_reader(*, pk: int, user: AnyUser) -> Folder | None:
    """Return the folder when `user` may read it, else None (the view answers 404)."""
    if pk not in readable_folder_ids(user=user):
        return None
    return Folder.objects.select_related("parent", "body", "action_group", "project").get(pk=pk)


def folder_contents(*, folder: Folder, user: AnyUser) -> dict[str, Any]:
    readable = readable_folder_ids(user=user)
    return {
        "subfolders": list(folder.children.filter(pk__in=readable)),
        "documents": list(_published_documents().filter(folder=folder)),
        "chain": folder_chain(folder=folder),
    }


def document_for_reader(*, pk: int, user: AnyUser) -> Document | None:
    """Return a published document (archived ones too for coordinators) `user` may read."""
    document = (
        Document.objects.select_related("folder", "created_by")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("uploaded_by"),
                to_attr="all_versions",
            )
        )
        .filter(pk=pk)
        .first()
    )
    if document is None or not folder_readable_by(folder=document.folder, user=user):
        return None
    if document.status != Document.Status.PUBLISHED and not is_coordinator(user):
        return None
    return document


def version_for_reader(*, pk: int, user: AnyUser) -> DocumentVersion | None:
    """Return any version (old ones too) of a document `user` may read, else None."""
    version = DocumentVersion.objects.select_related("document").filter(pk=pk).first()
    if version is None or document_for_reader(pk=version.document_id, user=user) is None:
        return None
    return version


def may_upload_to(*, folder: Folder, user: AnyUser) -> bool:
    """Coordinators upload anywhere; people of active members into readable folders that allow
    it."""
    if is_coordinator(user):
        return True
    return (
        folder.members_may_upload
        and roles.member_person_of(user) is not None
        and folder_readable_by(folder=folder, user=user)
    )


def may_add_version(*, document: Document, user: AnyUser) -> bool:
    """Coordinators always; a member only to a published document they added, where they may
    still upload."""
    if is_coordinator(user):
        return True
    return (
        user is not None
        and user.is_authenticated
        and document.status == Document.Status.PUBLISHED
        and document.created_by_id == user.pk
        and may_upload_to(folder=document.folder, user=user)
    )


def opted_out(*, person: Person) -> bool:
    return NoticeOptOut.objects.filter(person=person).exists()


# --- The panel ----------------------------------------------------------------------------------


def folders_for_panel() -> list[tuple[Folder, str]]:
    """Return every folder with an indent showing its depth, in tree order, with its document
    count."""
    folders = list(
        Folder.objects.select_related("body", "action_group", "project").annotate(
            document_count=Count("documents")
        )
    )
    children: dict[int | None, list[Folder]] = {}
    for folder in folders:
        children.setdefault(folder.parent_id, []).append(folder)
    ordered: list[tuple[Folder, str]] = []

    def walk(parent: int | None, depth: int) -> None:
        for folder in children.get(parent, []):
            ordered.append((folder, "— " * depth))
            walk(folder.pk, depth + 1)

    walk(None, 0)
    return ordered


def folder_for_panel(*, pk: int) -> Folder | None:
    return (
        Folder.objects.select_related("parent", "body", "action_group", "project")
        .filter(pk=pk)
        .first()
    )


def folder_documents_for_panel(*, folder: Folder) -> QuerySet[Document]:
    current = DocumentVersion.objects.filter(is_current=True)
    return (
        folder.documents.prefetch_related(
            Prefetch("versions", queryset=current, to_attr="current_versions")
        )
        .annotate(version_count=Count("versions"))
        .order_by("status", "title", "id")
    )


def document_for_panel(*, pk: int) -> Document | None:
    return (
        Document.objects.select_related("folder")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("uploaded_by"),
                to_attr="all_versions",
            )
        )
        .filter(pk=pk)
        .first()
    )


def owners_without_folder() -> dict[str, list[Any]]:
    """Return the bodies, action groups and projects that have no top folder yet."""
    from projects.models import Project

    tops = Folder.objects.filter(parent__isnull=True)
    return {
        "bodies": list(
            GoverningBody.objects.exclude(pk__in=tops.filter(body__isnull=False).values("body"))
        ),
        "groups": list(
            ActionGroup.objects.exclude(
                pk__in=tops.filter(action_group__isnull=False).values("action_group")
            )
        ),
        "projects": list(
            Project.objects.exclude(pk__in=tops.filter(project__isnull=False).values("project"))
        ),
        "cluster": [] if tops.filter(kind=Folder.Kind.CLUSTER).exists() else [None],
    }
