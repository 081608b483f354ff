"""Where files live: public uploads and private documents, on local disk or in object storage.

STORAGES["default"] holds what anyone may see (logos, cover images); STORAGES["private"] holds
documents only some people may read (signed scans, proxies, attachments, generated PDFs). Both
are local folders unless S3-compatible object storage is configured (settings, README "Files").
Private files leave the portal only through `private_file_response`, called by a view that has
checked who asks.
"""

from os import PathLike
from typing import Any

from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible


@deconstructible(path="core.storage.PrivateStorage")
class PrivateStorage(Storage):
    """Hand every operation to STORAGES["private"], looked up on each use.

    A FileField keeps the storage it was given when its model loads; looking the backend up on each
    call lets a changed setting (tests, another backend in production) take effect.
    """

    @property
    def backend(self) -> Storage:
        return storages["private"]

    # Every concrete backend defines `_open` and `_save`; Django's base class (and its stubs)
    # leaves them to the subclasses.
    def _open(self, name: str, mode: str = "rb") -> File:
        return self.backend._open(name, mode)  # type: ignore[attr-defined]

    def _save(self, name: str, content: File) -> str:
        return self.backend._save(name, content)  # type: ignore[attr-defined]

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename: str | PathLike[str]) -> str:
        return self.backend.generate_filename(filename)

    def delete(self, name: str) -> None:
        self.backend.delete(name)

    def exists(self, name: str) -> bool:
        return self.backend.exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self.backend.listdir(path)

    def size(self, name: str) -> int:
        return self.backend.size(name)

    def url(self, name: str | None) -> str:
        return self.backend.url(name)


private_storage = PrivateStorage()


def private_file_response(
    field: FieldFile | None,
    *,
    filename: str,
    content_type: str | None = None,
    as_attachment: bool = True,
) -> FileResponse:
    """Stream a private file to a reader a view has already checked; 404 when there is none.

    Files are streamed through the portal rather than handed out as links, so no address of the
    object store ever reaches a browser and every download passes the view's check.
    """
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except OSError as error:  # a missing file, or a store that cannot be read
        raise Http404 from error
    return FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )


def storage_status() -> dict[str, Any]:
    """Answer which backend each storage uses and whether it answers, for the health check."""
    status: dict[str, Any] = {}
    for alias in ("default", "private"):
        backend = storages[alias]
        # A look-up of a name that need not exist: it fails when the store cannot be reached.
        backend.exists(".healthz")
        status[alias] = type(backend).__name__
    return {"ok": True, **status}
