"""Writes to the document library: each keyword-only, typed, atomic and audit-logged."""

from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_coordinator
from core.audit import audit_log, model_snapshot
from core.emails import email_queue
from core.services import audited_update
from core.storage import private_storage
from core.uploads import document_kind, validate_document
from members.models import ActionGroup, Person
from projects.models import Project
from resolutions.models import GoverningBody

from . import selectors
from .models import Document, DocumentNotice, DocumentVersion, Folder, NoticeOptOut

Kind = Folder.Kind
Access = Folder.Access

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
FOLDER_TEXT_FIELDS = [
    f"{name}_{code}" for name in ("title", "description") for code in LANGUAGE_CODES
]
FOLDER_AUDITED_FIELDS = [
    *FOLDER_TEXT_FIELDS,
    "parent",
    "kind",
    "body",
    "action_group",
    "project",
    "access",
    "members_may_upload",
    "order",
]
FOLDER_EDITABLE_FIELDS = frozenset(
    [*FOLDER_TEXT_FIELDS, "parent", "access", "members_may_upload", "order"]
)
DOCUMENT_TEXT_FIELDS = FOLDER_TEXT_FIELDS
DOCUMENT_AUDITED_FIELDS = [*DOCUMENT_TEXT_FIELDS, "folder", "status"]
DOCUMENT_EDITABLE_FIELDS = frozenset([*DOCUMENT_TEXT_FIELDS, "folder"])


def _refuse(message: Any, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _editable(data: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"Fields that cannot be set: {sorted(unknown)}")
    return dict(data)


def _check_coordinator(actor: User) -> None:
    if not is_coordinator(actor):
        raise _refuse(_("Only the coordinator manages the library's folders."), "not_coordinator")


# --- Folders ------------------------------------------------------------------------------------


def _check_folder(folder: Folder) -> None:
    parent = folder.parent
    if parent is None:
        return
    # A subfolder belongs to what its parent belongs to.
    if (parent.kind, parent.owner) != (folder.kind, folder.owner):
        raise _refuse(
            _("A folder inside another belongs to the same body, group or project."),
            "owner_differs",
        )
    ancestor: Folder | None = parent
    while ancestor is not None:
        if folder.pk is not None and ancestor.pk == folder.pk:
            raise _refuse(_("A folder cannot sit inside itself."), "folder_loop")
        ancestor = ancestor.parent


@transaction.atomic
def folder_create(
    *,
    data: Mapping[str, Any],
    actor: User,
    kind: str = Kind.CLUSTER,
    body: GoverningBody | None = None,
    action_group: ActionGroup | None = None,
    project: Project | None = None,
) -> Folder:
    """Create a folder; a subfolder (`data["parent"]`) takes its owner from its parent."""
    _check_coordinator(actor)
    data = _editable(data, FOLDER_EDITABLE_FIELDS)
    parent = data.get("parent")
    if parent is not None:
        kind, body, action_group, project = (
            parent.kind,
            parent.body,
            parent.action_group,
            parent.project,
        )
    folder = Folder(kind=kind, body=body, action_group=action_group, project=project)
    audited_update(
        actor=actor,
        instance=folder,
        data=data,
        fields=FOLDER_AUDITED_FIELDS,
        audit_action="documents.folder_created",
        check=lambda: _check_folder(folder),
    )
    return folder


@transaction.atomic
def folder_update(*, folder: Folder, data: Mapping[str, Any], actor: User) -> dict[str, Any]:
    _check_coordinator(actor)
    folder = Folder.objects.select_for_update().get(pk=folder.pk)
    return audited_update(
        actor=actor,
        instance=folder,
        data=_editable(data, FOLDER_EDITABLE_FIELDS),
        fields=FOLDER_AUDITED_FIELDS,
        audit_action="documents.folder_updated",
        check=lambda: _check_folder(folder),
    )


@transaction.atomic
def folder_delete(*, folder: Folder, actor: User) -> None:
    """Delete an empty folder; one with subfolders or documents stays."""
    _check_coordinator(actor)
    folder = Folder.objects.select_for_update().get(pk=folder.pk)
    if folder.children.exists() or folder.documents.exists():
        raise _refuse(
            _("Only an empty folder can be deleted: move or delete its contents first."),
            "folder_not_empty",
        )
    audit_log(
        actor=actor,
        action="documents.folder_deleted",
        target=folder,
        changes=model_snapshot(folder, FOLDER_AUDITED_FIELDS),
    )
    folder.delete()


DEFAULT_ACCESS: dict[str, str] = {
    Kind.CLUSTER: Access.MEMBERS,
    Kind.BODY: Access.BODY,
    Kind.GROUP: Access.GROUP,
    Kind.PROJECT: Access.PARTNERS,
}


@transaction.atomic
def folders_create_missing(*, actor: User) -> int:
    """Give the cluster, every body, action group and project a top folder it lacks; return how
    many were created. Each is read by its owner's people (members for the cluster's)."""
    _check_coordinator(actor)
    missing = selectors.owners_without_folder()
    created = 0
    owners: list[tuple[str, Any]] = [(Kind.CLUSTER, None) for _none in missing["cluster"]]
    owners += [(Kind.BODY, body) for body in missing["bodies"]]
    owners += [(Kind.GROUP, group) for group in missing["groups"]]
    owners += [(Kind.PROJECT, project) for project in missing["projects"]]
    for kind, owner in owners:
        title = str(owner) if owner is not None else settings.CLUSTER_NAME
        folder_create(
            data={"title_pl": title[:200], "access": DEFAULT_ACCESS[kind]},
            actor=actor,
            kind=kind,
            body=owner if kind == Kind.BODY else None,
            action_group=owner if kind == Kind.GROUP else None,
            project=owner if kind == Kind.PROJECT else None,
        )
        created += 1
    return created


# --- Documents and versions ---------------------------------------------------------------------


def _check_upload(upload: UploadedFile) -> str:
    """Check the file by its content and size; return its kind."""
    try:
        validate_document(upload, max_bytes=settings.DOCUMENT_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    kind = document_kind(upload)
    assert kind is not None  # validate_document refused anything else
    return kind


def _clean_filename(upload: UploadedFile) -> str:
    name = PurePath(upload.name or "").name
    stem, suffix = PurePath(name).stem, PurePath(name).suffix.lower()
    stem = get_valid_filename(stem)[:150] if stem.strip("._ ") else "document"
    return f"{stem}{suffix}"


def _add_version(
    *, document: Document, upload: UploadedFile, note: str, actor: User, notify: bool = True
) -> DocumentVersion:
    kind = _check_upload(upload)
    latest = document.versions.aggregate(latest=Max("number"))["latest"] or 0
    document.versions.filter(is_current=True).update(is_current=False)
    filename = _clean_filename(upload)
    version = DocumentVersion(
        document=document,
        number=latest + 1,
        filename=filename,
        kind=kind,
        size=upload.size or 0,
        note=note[:300],
        is_current=True,
        uploaded_by=actor,
    )
    upload.name = filename
    version.file = upload
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as error:
        raise _refuse(
            _("Someone added a version at the same moment. Reload the page and try again."),
            "version_conflict",
        ) from error
    audit_log(
        actor=actor,
        action="documents.version_added",
        target=version,
        parent=document,
        changes={"number": version.number, "filename": filename, "size": version.size},
    )
    if notify and document.status == Document.Status.PUBLISHED:
        _notify_on_commit(version)
    return version


def _notify_on_commit(version: DocumentVersion) -> None:
    from .tasks import version_notices_send

    pk = version.pk
    transaction.on_commit(lambda: version_notices_send.delay(pk))


@transaction.atomic
def document_create(
    *,
    folder: Folder,
    data: Mapping[str, Any],
    upload: UploadedFile,
    actor: User,
    note: str = "",
    notify: bool = True,
) -> Document:
    """Add a document with its first version; its readers are told once the upload is saved
    (unless `notify` is off: the demo data tells nobody)."""
    folder = Folder.objects.select_for_update().get(pk=folder.pk)
    if not selectors.may_upload_to(folder=folder, user=actor):
        raise _refuse(_("You may not add documents to this folder."), "upload_not_allowed")
    document = Document(folder=folder, created_by=actor)
    audited_update(
        actor=actor,
        instance=document,
        data=_editable(data, DOCUMENT_EDITABLE_FIELDS - {"folder"}),
        fields=DOCUMENT_AUDITED_FIELDS,
        audit_action="documents.document_created",
        parent=folder,
    )
    _add_version(document=document, upload=upload, note=note, actor=actor, notify=notify)
    return document


@transaction.atomic
def version_add(
    *,
    document: Document,
    upload: UploadedFile,
    actor: User,
    note: str = "",
    notify: bool = True,
) -> DocumentVersion:
    """Upload a new version of a document: it becomes current, the older ones stay."""
    document = Document.objects.select_for_update().select_related("folder").get(pk=document.pk)
    if not selectors.may_add_version(document=document, user=actor):
        raise _refuse(_("You may not add a version of this document."), "version_not_allowed")
    return _add_version(document=document, upload=upload, note=note, actor=actor, notify=notify)


@transaction.atomic
def document_update(*, document: Document, data: Mapping[str, Any], actor: User) -> dict[str, Any]:
    """Change a document's title, description or folder (the coordinator)."""
    _check_coordinator(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    return audited_update(
        actor=actor,
        instance=document,
        data=_editable(data, DOCUMENT_EDITABLE_FIELDS),
        fields=DOCUMENT_AUDITED_FIELDS,
        audit_action="documents.document_updated",
    )


@transaction.atomic
def document_archive(*, document: Document, actor: User) -> None:
    """Take a document off the library's pages; the coordinator still sees it."""
    _check_coordinator(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status == Document.Status.ARCHIVED:
        return
    document.status = Document.Status.ARCHIVED
    document.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, action="documents.document_archived", target=document)


@transaction.atomic
def document_restore(*, document: Document, actor: User) -> None:
    """Put an archived document back; nobody is told again of versions they were told of."""
    _check_coordinator(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status == Document.Status.PUBLISHED:
        return
    document.status = Document.Status.PUBLISHED
    document.save(update_fields=["status", "updated_at"])
    audit_log(actor=actor, action="documents.document_restored", target=document)
    current = document.versions.filter(is_current=True).first()
    if current is not None:
        _notify_on_commit(current)


@transaction.atomic
def document_delete(*, document: Document, actor: User) -> None:
    """Delete a document with all its versions and their files."""
    _check_coordinator(actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    files = [version.file.name for version in document.versions.all() if version.file.name]
    audit_log(
        actor=actor,
        action="documents.document_deleted",
        target=document,
        parent=document.folder,
        changes={
            **model_snapshot(document, DOCUMENT_AUDITED_FIELDS),
            "versions": document.versions.count(),
        },
    )
    document.delete()
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(names: list[str]) -> None:
    for name in names:
        private_storage.delete(name)


# --- Notices ------------------------------------------------------------------------------------


def version_notices_send(*, version_id: int) -> int:
    """Tell everyone who may read a published version's folder of it, once each; return how many
    were told now. Run again, it tells only those it has not told yet."""
    version = (
        DocumentVersion.objects.select_related("document__folder__body")
        .filter(pk=version_id, is_current=True, document__status=Document.Status.PUBLISHED)
        .first()
    )
    if version is None:
        return 0
    document = version.document
    told_already = DocumentNotice.objects.filter(version=version).values("person")
    people = selectors.people_to_tell(folder=document.folder).exclude(pk__in=told_already)
    told = 0
    for person in people.iterator(chunk_size=500):
        if person.user_id == version.uploaded_by_id:
            continue
        told += _tell(version=version, person=person)
    return told


def _tell(*, version: DocumentVersion, person: Person) -> int:
    with transaction.atomic():
        notice, created = DocumentNotice.objects.get_or_create(version=version, person=person)
        if not created:
            return 0
        assert person.user is not None  # people_to_tell selects people with an account
        notice.email = email_queue(
            to=person.user.email,
            template="documents_new_version",
            context={"version": version, "document": version.document, "person": person},
            language=person.language,
        )
        notice.save(update_fields=["email"])
    return 1


@transaction.atomic
def notices_choose(*, person: Person, wanted: bool, actor: User) -> None:
    """Record whether `person` wants e-mails about new documents."""
    if wanted:
        deleted, _rows = NoticeOptOut.objects.filter(person=person).delete()
        if deleted:
            audit_log(actor=actor, action="documents.notices_on", target=person)
        return
    _opt_out, created = NoticeOptOut.objects.get_or_create(person=person)
    if created:
        audit_log(actor=actor, action="documents.notices_off", target=person)
