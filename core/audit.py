"""Write and read the audit log; every service that changes data calls `audit_log`."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry
from .page_cache import content_changed


def _jsonable(value):
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def model_snapshot(instance, fields):
    """Return the named fields of an instance as JSON-ready values, for before/after records."""
    return {name: _jsonable(getattr(instance, name)) for name in fields}


def snapshot_diff(before, after):
    """Return {field: [old, new]} for the fields that differ between two snapshots."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def audit_log(*, actor, action, target, changes=None, parent=None):
    """Record that `actor` did `action` to `target`; `parent` puts it on that trail too."""
    parent_type = ContentType.objects.get_for_model(parent) if parent is not None else None
    # Every service write passes here, including QuerySet.update() ones that send no signal.
    content_changed()
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        parent_type=parent_type,
        parent_id=str(parent.pk) if parent is not None else "",
        changes={key: _jsonable(value) for key, value in (changes or {}).items()},
    )


def audit_trail_for(obj):
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
