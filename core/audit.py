"""Write, read and present the audit log; every service that changes data calls `audit_log`.

The kernel knows no app's actions: each app lists the labels of its own in `<app>/audit_labels.py`,
which `CoreConfig.ready` loads, and every page that shows a trail reads them from here.
"""

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import AuditEntry
from .page_cache import content_changed


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def model_snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Return the named fields of an instance as JSON-ready values, for before/after records."""
    return {name: _jsonable(getattr(instance, name)) for name in fields}


def snapshot_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields that differ between two snapshots."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def audit_log(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model,
    changes: Mapping[str, Any] | None = None,
    parent: models.Model | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` to `target`; `parent` puts it on that trail too."""
    parent_type = ContentType.objects.get_for_model(parent) if parent is not None else None
    # Every service write passes here, including QuerySet.update() ones that send no signal. Once
    # it commits: a page rendered before that is stale either way, and the write's locks (an
    # event's row while a seat is taken) are not held over a round trip to the cache.
    transaction.on_commit(content_changed)
    return AuditEntry.objects.create(
        # The kernel cannot name the user model (AUTH_USER_MODEL); any authenticated user is one.
        actor=actor if actor is not None and actor.is_authenticated else None,  # type: ignore[misc]
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        parent_type=parent_type,
        parent_id=str(parent.pk) if parent is not None else "",
        changes={key: _jsonable(value) for key, value in (changes or {}).items()},
    )


def audit_trail_for(obj: models.Model) -> QuerySet[AuditEntry]:
    """Return the entries about an object and about everything on its trail, newest first."""
    content_type = ContentType.objects.get_for_model(obj)
    key = str(obj.pk)
    return (
        AuditEntry.objects.filter(
            models.Q(target_type=content_type, target_id=key)
            | models.Q(parent_type=content_type, parent_id=key)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


# --- Labels: each app contributes its own (`<app>/audit_labels.py`, loaded at start) -------------

ACTION_LABELS: dict[str, Any] = {}
# Actions whose changes are {field: [before, after]}; the others record plain values.
DIFF_ACTIONS: set[str] = set()
FIELD_LABELS: dict[str, Any] = {}


def audit_labels_register(
    actions: Mapping[str, Any],
    *,
    diff_actions: Iterable[str] = (),
    fields: Mapping[str, Any] | None = None,
) -> None:
    """Give an app's audit actions (and any field names without a model label) their labels."""
    ACTION_LABELS.update(actions)
    DIFF_ACTIONS.update(diff_actions)
    FIELD_LABELS.update(fields or {})


def audit_action_label(action: str) -> str:
    """Return the translated label of an action code; an unknown code is shown as it is."""
    return str(ACTION_LABELS.get(action, action))


def _model_field(model: type[models.Model] | None, name: str) -> models.Field | None:
    """Return the model's own field called `name`; a reverse relation has no label, so None."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # What is left once reverse relations (auto-created, not concrete) are set aside is a field.
    return None if field.auto_created and not field.concrete else cast(models.Field, field)


def _display_value(field: models.Field | None, value: Any) -> Any:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def _field_label(name: str, field: models.Field | None) -> Any:
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    if field is None:
        return name
    base, _separator, code = name.rpartition("_")
    languages = dict(settings.LANGUAGES)
    base_field = _model_field(field.model, base)
    if code in languages and base_field is not None:
        # A modeltranslation field: "description_de" reads "description (German)".
        return _("%(field)s (%(language)s)") % {
            "field": base_field.verbose_name,
            "language": languages[code],
        }
    return field.verbose_name


def _change_rows(entry: AuditEntry) -> list[dict[str, Any]]:
    model = ContentType.objects.get_for_id(entry.target_type_id).model_class()
    rows: list[dict[str, Any]] = []
    for name, value in entry.changes.items():
        field = _model_field(model, name)
        is_diff = entry.action in DIFF_ACTIONS and isinstance(value, list) and len(value) == 2
        before, after = value if is_diff else (None, value)
        rows.append(
            {
                "field": _field_label(name, field),
                "is_diff": is_diff,
                "before": _display_value(field, before),
                "after": _display_value(field, after),
            }
        )
    return rows


def audit_entries_present(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Give each entry its translated label and its changes as rows a person can read."""
    entries = list(entries)
    for entry in entries:
        # Presentation attributes for the templates, not model fields.
        entry.action_label = audit_action_label(entry.action)  # type: ignore[attr-defined]
        entry.change_rows = _change_rows(entry)  # type: ignore[attr-defined]
    return entries
