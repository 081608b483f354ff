"""Who loses the vote: restrictions other apps register on a body's electorate of members.

A statute may take the vote from members that do not meet an obligation: the fees app, for one,
leaves out members whose fee is overdue for more than the body's `arrears_days_without_vote`.
An app registers a callable once, when it loads (its AppConfig.ready); each callable takes the
body and the date of the snapshot and returns {organisation id: the reason, translated}. The
electorate of members (`services.electorate_of`) leaves those organisations out, and the vote's
pages show who was left out and why (`electorate_left_out`; once the list of voters is fixed,
the record `electorate_left_out_record` wrote). resolutions stays below the apps that
register: it never imports them.
"""

import datetime
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import models

from core.audit import audit_log

if TYPE_CHECKING:
    from members.models import Organisation

    from .models import GoverningBody

VotingRestriction = Callable[["GoverningBody", datetime.date], Mapping[int, str]]

_RESTRICTIONS: list[VotingRestriction] = []


def voting_restrictions_register(restriction: VotingRestriction) -> VotingRestriction:
    """Add a restriction on the electorate of members; registering one twice adds it once."""
    if restriction not in _RESTRICTIONS:
        _RESTRICTIONS.append(restriction)
    return restriction


def voting_restrictions_unregister(restriction: VotingRestriction) -> None:
    """Remove a restriction (tests)."""
    if restriction in _RESTRICTIONS:
        _RESTRICTIONS.remove(restriction)


def voting_restrictions(body: "GoverningBody", on: datetime.date) -> dict[int, str]:
    """Return {organisation id: why it has no vote} in `body` on `on`, from every restriction."""
    reasons: dict[int, list[str]] = {}
    for restriction in _RESTRICTIONS:
        for organisation_id, reason in restriction(body, on).items():
            reasons.setdefault(organisation_id, []).append(str(reason))
    return {organisation_id: " ".join(texts) for organisation_id, texts in reasons.items()}


def electorate_left_out(
    body: "GoverningBody", on: datetime.date
) -> list[tuple["Organisation", str]]:
    """Return the active members left out of `body`'s electorate on `on`, with the reasons."""
    from members.models import Organisation

    from .models import GoverningBody

    if body.electorate != GoverningBody.Electorate.MEMBERS:
        return []
    reasons = voting_restrictions(body, on)
    if not reasons:
        return []
    organisations = Organisation.objects.active().filter(pk__in=reasons).order_by("name")
    return [(organisation, reasons[organisation.pk]) for organisation in organisations]


def electorate_left_out_record(
    *, body: "GoverningBody", on: datetime.date, target: models.Model, audit_action: str
) -> None:
    """Record who had no vote in `target` (a resolution, an election) and why, as the books stood
    when its list of voters was fixed: the reasons may change later, the record does not."""
    left_out = electorate_left_out(body, on)
    if left_out:
        audit_log(
            actor=None,
            action=audit_action,
            target=target,
            changes={
                "on": on,
                # [organisation id, name, reason] (the audit log keeps lists, not mappings).
                "left_out": [
                    [organisation.pk, organisation.name, reason]
                    for organisation, reason in left_out
                ],
            },
        )


def electorate_left_out_recorded(
    *, target: models.Model, audit_action: str
) -> list[dict[str, Any]]:
    """The members `electorate_left_out_record` wrote for `target`, with the reasons."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import AuditEntry

    entry = (
        AuditEntry.objects.filter(
            action=audit_action,
            target_type=ContentType.objects.get_for_model(target),
            target_id=str(target.pk),
        )
        .order_by("-created_at")
        .first()
    )
    if entry is None:
        return []
    return [
        {"organisation": row[0], "name": row[1], "reason": row[2]}
        for row in entry.changes.get("left_out", [])
        if isinstance(row, list) and len(row) == 3
    ]
