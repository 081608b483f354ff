"""The subject's copy: a zip with `data.json` (every declared row about them) and their files."""

import json
import posixpath
import tempfile
import zipfile
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from .registry import REGISTRY, SECRET_FIELDS, Declaration, Subject


class _Encoder(DjangoJSONEncoder):
    """Dates, decimals and UUIDs as Django writes them; anything else (a country) as its text."""

    def default(self, o: Any) -> Any:
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _row(obj: models.Model, declaration: Declaration) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for model_field in obj._meta.concrete_fields:
        name = model_field.name
        if name in SECRET_FIELDS or name in declaration.exclude:
            continue
        if isinstance(model_field, models.BinaryField):
            continue
        if model_field.is_relation:
            key = getattr(obj, model_field.attname)
            related = getattr(obj, name) if key is not None else None
            data[name] = None if related is None else {"id": key, "label": str(related)}
        elif isinstance(model_field, models.FileField):
            data[name] = getattr(obj, name).name or ""
        else:
            data[name] = getattr(obj, name)
    return data


def export_archive(subject: Subject) -> tuple[Any, int]:
    """Write the subject's copy to a temporary file; return (open file at 0, size)."""
    records: dict[str, Any] = {}
    archive = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, who closes it
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for label, declaration in sorted(REGISTRY.items()):
            if not declaration.export:
                continue
            model = declaration.model_class
            found = []
            for obj in declaration.rows(subject).order_by("pk"):
                row = _row(obj, declaration)
                for file_field in declaration.files:
                    stored = getattr(obj, file_field)
                    if not stored:
                        continue
                    arcname = posixpath.join(
                        "files", label, f"{obj.pk}-{posixpath.basename(stored.name)}"
                    )
                    try:
                        with stored.open("rb") as handle:
                            zipped.writestr(arcname, handle.read())
                    except OSError:
                        row[f"{file_field}_missing"] = True
                    else:
                        row[file_field] = arcname
                found.append(row)
            if found:
                records[label] = {
                    "name": str(model._meta.verbose_name_plural),
                    "on_erasure": declaration.handling.value,
                    "rows": found,
                }
        document = {
            "portal": settings.CLUSTER_NAME,
            "generated_at": timezone.now(),
            "subject": {
                "emails": sorted(subject.emails),
                "accounts": subject.user_ids,
                "registry_entries": subject.person_ids,
            },
            "records": records,
        }
        zipped.writestr(
            "data.json", json.dumps(document, cls=_Encoder, indent=2, ensure_ascii=False)
        )
    size = archive.tell()
    archive.seek(0)
    return archive, size
