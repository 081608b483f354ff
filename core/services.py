"""Steps every app's services take alike: validate and save, find a free slug, record a change.

Each app once had its own copy of these. One copy keeps the behaviour the same everywhere (the same
message for a conflict, the same shape of audit entry) and lets a fix reach every app at once. Like
the rest of the kernel, this module imports no app; the services call it inside their transaction.
"""

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify as django_slugify
from django.utils.translation import gettext_lazy as _

from .audit import audit_log, model_snapshot, snapshot_diff

# Room kept after a slug's base for the "-2", "-3"... that makes it unique.
SLUG_SUFFIX_ROOM = 20
_L_WITH_STROKE = str.maketrans("łŁ", "lL")


def save_checked(
    instance: models.Model,
    *,
    exclude: Iterable[str] | None = None,
    unique_fields: Iterable[str] = (),
    check: Callable[[], None] | None = None,
) -> None:
    """Validate `instance`, save it, and turn a constraint violation into a ValidationError.

    Validation finds nearly every conflict with a clear message, but two requests can pass it at
    the same moment; the database's constraint then refuses the second one, which should read as
    a message, not a server error. The save runs in a savepoint, so the caller's transaction stays
    usable. A violation whose database message names one of `unique_fields` is reported on that
    field with the message validation gives (the field's "unique" error); any other gets one
    general message. `check` holds a service's own rules that need valid field values: it runs
    after validation and before the save.
    """
    instance.full_clean(exclude=exclude)
    if check is not None:
        check()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        text = str(error).lower()
        for name in unique_fields:
            if name in text:
                raise ValidationError(
                    {name: instance.unique_error_message(type(instance), (name,))}
                ) from error
        raise ValidationError(
            _("The data conflicts with a record already saved. Check the values and try again."),
            code="integrity",
        ) from error


def slugify(text: str) -> str:
    """Slugify keeping "ł" as "l": Unicode gives it no Latin base, so Django would drop it."""
    return django_slugify(text.translate(_L_WITH_STROKE))


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    field: str = "slug",
    max_length: int | None = None,
    fallback: str | None = None,
    reserved: Collection[str] = (),
    exclude_pk: Any = None,
) -> str:
    """Return a slug of `text` that no other row of `model` has, adding "-2", "-3"... as needed.

    The base is cut to `max_length` (by default the field's length less SLUG_SUFFIX_ROOM, so the
    suffix still fits); text that leaves nothing gets `fallback`, the model's name unless given. A
    base in `reserved` (a URL segment the slug would shadow) gets the fallback appended.
    `exclude_pk` is the row being renamed. This only picks a free slug: the unique constraint,
    through `save_checked`, still settles two requests that pick the same one at once.
    """
    if max_length is None:
        slug_field = model._meta.get_field(field)
        assert isinstance(slug_field, models.CharField) and slug_field.max_length is not None
        max_length = slug_field.max_length - SLUG_SUFFIX_ROOM
    fallback = fallback or model._meta.model_name or "item"
    base = slugify(text)[:max_length] or fallback
    if base in reserved:
        base = f"{base}-{fallback}"
    # pk=None excludes nothing: a new row has no slug to keep.
    others = model._default_manager.exclude(pk=exclude_pk)
    slug, suffix = base, 2
    while others.filter(**{field: slug}).exists():
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


def audited_update(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    instance: models.Model,
    data: Mapping[str, Any],
    fields: Sequence[str],
    audit_action: str,
    parent: models.Model | None = None,
    prepare: Callable[[], None] | None = None,
    check: Callable[[], None] | None = None,
    exclude: Iterable[str] | None = None,
    unique_fields: Iterable[str] = (),
    related: Callable[[], Mapping[str, Any] | None] | None = None,
    log_unchanged: bool = False,
) -> dict[str, Any]:
    """Set `data` on `instance`, save it with `save_checked`, and record what changed in `fields`.

    Every change to the registry's records leaves an audit entry of {field: [before, after]} for
    the fields that differ (all of them for a new instance), written in the caller's transaction;
    a form saved without changes leaves none, unless `log_unchanged` (a creation is always worth
    an entry). `prepare` runs once the values are set, before validation, for what the service
    derives from them or refuses; `check` and `exclude` go to `save_checked`. `related` runs after
    the save, for the rows that hang off the instance (many-to-many, questions, attachments), and
    returns their changes for the same entry. Returns the changes, so that the caller can do more
    only when something changed (re-render a document, notify).
    """
    before = {} if instance.pk is None else model_snapshot(instance, fields)
    for name, value in data.items():
        setattr(instance, name, value)
    if prepare is not None:
        prepare()
    save_checked(instance, exclude=exclude, unique_fields=unique_fields, check=check)
    changes: dict[str, Any] = snapshot_diff(before, model_snapshot(instance, fields))
    if related is not None:
        changes.update(related() or {})
    if changes or log_unchanged:
        audit_log(actor=actor, action=audit_action, target=instance, parent=parent, changes=changes)
    return changes
