"""The document library's test data: folders and documents made through the services, and the
files a reader or an attacker uploads."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from documents import services
from documents.models import Document, Folder
from tests.agreements.pdfs import clean_pdf

Access = Folder.Access
Kind = Folder.Kind


def pdf_upload(name="dokument.pdf", content=None):
    return SimpleUploadedFile(name, content if content is not None else clean_pdf())


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def make_folder(actor, *, title="Folder", access=Access.MEMBERS, parent=None, owner=None, **extra):
    """Create a folder as `actor` (a coordinator); `owner` is a body, group or project."""
    owner_kwargs = {}
    if owner is not None and parent is None:
        kind = {
            "governingbody": Kind.BODY,
            "actiongroup": Kind.GROUP,
            "project": Kind.PROJECT,
        }[owner._meta.model_name]
        field = {Kind.BODY: "body", Kind.GROUP: "action_group", Kind.PROJECT: "project"}[kind]
        owner_kwargs = {"kind": kind, field: owner}
    data = {"title_pl": title, "title_en": title, "access": access, "parent": parent, **extra}
    return services.folder_create(data=data, actor=actor, **owner_kwargs)


def make_document(actor, folder, *, title="Document", upload=None, **texts) -> Document:
    data = {"title_pl": title, **texts}
    return services.document_create(
        folder=folder, data=data, upload=upload or pdf_upload(), actor=actor
    )
