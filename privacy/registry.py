"""The registry of personal data: every model that names a person, and how it is handled.

pretix's shredders taught the shape (one class per kind of data, each exporting what it removes);
here each model is declared once, with the rows that are about a subject, what of them goes into
the subject's copy, and what an erasure does to them:

- `DELETE`: the rows go (nothing the cluster must keep);
- `ANONYMISE`: the rows stay, their personal fields are replaced;
- `KEEP`: the rows stay whole: they name the person only through a `User` or `Person` row, which
  the erasure anonymises, so they then read "a person erased on <date>".

The declarations live in `privacy/handling/`, one module per kind of handling, and are registered
by `PrivacyConfig.ready`. `uncovered_models()` finds a model with personal data nobody declared:
a test fails on it, so a new model cannot slip by.
"""

import datetime
import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.functional import Promise


class Handling(enum.Enum):
    DELETE = "delete"
    ANONYMISE = "anonymise"
    KEEP = "keep"


@dataclass
class Subject:
    """Everything that identifies one person: accounts, registry entries and e-mail addresses."""

    users: list[Any] = field(default_factory=list)
    persons: list[Any] = field(default_factory=list)
    emails: set[str] = field(default_factory=set)

    @property
    def user_ids(self) -> list[int]:
        return [user.pk for user in self.users]

    @property
    def person_ids(self) -> list[int]:
        return [person.pk for person in self.persons]

    @property
    def is_empty(self) -> bool:
        """Whether the portal holds nothing about the subject."""
        if self.users or self.persons:
            return False
        return not any(
            declaration.rows(self).exists()
            for declaration in REGISTRY.values()
            if declaration.model != "sessions.Session"
        )

    def names(self) -> set[str]:
        """Return the full names the subject is known by (for scrubbing free text)."""
        found = {f"{p.first_name} {p.last_name}".strip() for p in self.persons if not p.erased_on}
        found |= {
            f"{u.first_name} {u.last_name}".strip()
            for u in self.users
            if not u.erased_on and (u.first_name or u.last_name)
        }
        return {name for name in found if len(name) > 3}

    def name_parts(self) -> set[str]:
        """Return first and last names: a value that is exactly one of them names the person."""
        parts = set()
        for row in [*self.persons, *self.users]:
            if not row.erased_on:
                parts |= {row.first_name.strip().lower(), row.last_name.strip().lower()}
        return {part for part in parts if part}

    def identifiers(self) -> set[str]:
        """Return names, addresses and phone numbers: what an erasure removes from free text."""
        phones = {p.phone for p in self.persons if p.phone and len(p.phone) > 4}
        return self.names() | self.emails | phones


@dataclass
class Erasure:
    """One erasure in progress: the subject, its date and the label that stands for them."""

    subject: Subject
    on: datetime.date
    # The label in the portal's default language, for text stored in the database.
    label: str
    # (content type id, primary key) of every row declared about the subject, found before any
    # is changed: the audit entries about them are scrubbed.
    targets: set[tuple[int, str]] = field(default_factory=set)

    def scrub(self, value: Any) -> Any:
        """Replace the subject's names, addresses and phones in a value (JSON-like, recursively)."""
        if isinstance(value, str):
            if value.strip().lower() in self.subject.name_parts():
                return self.label
            for identifier in sorted(self.subject.identifiers(), key=len, reverse=True):
                value = re.sub(re.escape(identifier), self.label, value, flags=re.IGNORECASE)
            return value
        if isinstance(value, list):
            return [self.scrub(item) for item in value]
        if isinstance(value, dict):
            return {key: self.scrub(item) for key, item in value.items()}
        return value


RowsFinder = Callable[[Subject], QuerySet[Any]]
Anonymiser = Callable[[QuerySet[Any], Erasure], int]


@dataclass(frozen=True)
class Declaration:
    model: str
    handling: Handling
    rows: RowsFinder
    # Why this handling: shown in the coordinator's preview and the README's table.
    reason: str | Promise
    anonymise: Anonymiser | None = None
    # The rows an erasure works on, when they differ from the rows exported.
    erase_rows: RowsFinder | None = None
    # File fields whose files go into the subject's copy.
    files: tuple[str, ...] = ()
    # Fields never exported: secrets, tokens and rendered binaries.
    exclude: tuple[str, ...] = ()
    export: bool = True

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


REGISTRY: dict[str, Declaration] = {}
# Fields no export carries, whatever the model: they are credentials, not data about a person.
SECRET_FIELDS = {"password", "token", "token_hash", "secret", "key", "consent_token", "session_key"}


def register(*declarations: Declaration) -> None:
    for declaration in declarations:
        if declaration.handling is Handling.ANONYMISE and declaration.anonymise is None:
            raise ValueError(f"{declaration.model}: an anonymised model needs its anonymiser")
        REGISTRY[declaration.model] = declaration


def installed(label: str) -> bool:
    """Whether a model of an app that may not have it yet exists (apps added while we work)."""
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


# --- Finding a subject's rows -------------------------------------------------------------------


def _any(conditions: Iterable[Q]) -> Q:
    conditions = list(conditions)
    # A Q that matches nothing when there is nothing to match.
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


def by_user(*fields: str) -> Callable[[Subject], Q]:
    return lambda subject: _any(Q(**{f"{name}__in": subject.user_ids}) for name in fields)


def by_person(*fields: str) -> Callable[[Subject], Q]:
    return lambda subject: _any(Q(**{f"{name}__in": subject.person_ids}) for name in fields)


def by_email(*fields: str) -> Callable[[Subject], Q]:
    return lambda subject: _any(
        Q(**{f"{name}__iexact": email}) for name in fields for email in subject.emails
    )


def by_represented_organisation(field: str) -> Callable[[Subject], Q]:
    """Rows of organisations the subject represents (one join: the same person, in that role)."""
    return lambda subject: Q(
        **{f"{field}__people__in": subject.person_ids, f"{field}__people__role": "representative"}
    )


def by_name(*fields: str) -> Callable[[Subject], Q]:
    return lambda subject: _any(
        Q(**{f"{name}__iexact": full_name}) for name in fields for full_name in subject.names()
    )


def rows(label: str, *conditions: Callable[[Subject], Q]) -> RowsFinder:
    """Rows of `label` matching any of the conditions for the subject."""

    def find(subject: Subject) -> QuerySet[Any]:
        model = apps.get_model(label)
        return model._default_manager.filter(_any(c(subject) for c in conditions)).distinct()

    return find


# --- Which models hold personal data ------------------------------------------------------------

PERSONAL_FIELD = re.compile(
    r"(^|_)(e?mail|first_name|last_name|full_name|phone|ip_address|ip|contact_name|"
    r"signatory_name|person_name|username)$"
)


def personal_fields(model: type[models.Model]) -> list[str]:
    """Name the fields that make a model hold personal data: a link to an account or a person,
    or a field named like an address, a name or a phone number."""
    found = []
    person_model = apps.get_model("members", "Person") if apps.is_installed("members") else None
    for model_field in model._meta.get_fields():
        if model_field.auto_created and not model_field.concrete:
            continue  # reverse relations belong to the other model
        related = getattr(model_field, "related_model", None)
        names_a_person = related is not None and (
            related is apps.get_model(settings.AUTH_USER_MODEL) or related is person_model
        )
        looks_personal = not model_field.is_relation and (
            PERSONAL_FIELD.search(model_field.name) is not None
            or isinstance(model_field, models.EmailField | models.GenericIPAddressField)
        )
        if names_a_person or looks_personal:
            found.append(model_field.name)
    return found


def uncovered_models() -> list[str]:
    """Return the labels of models with personal data that no declaration covers."""
    return sorted(
        model._meta.label
        for model in apps.get_models()
        if personal_fields(model) and model._meta.label not in REGISTRY
    )
