"""Personal data: reads for the pages."""

from typing import Any

from django.db.models import QuerySet

from accounts.models import User

from .models import DataRequest
from .registry import REGISTRY, Handling, Subject


def exports_of(*, user: User) -> QuerySet[DataRequest]:
    """The copies a person asked for themselves, newest first."""
    return DataRequest.objects.filter(
        user=user, requested_by=user, kind=DataRequest.Kind.EXPORT
    ).order_by("-created_at", "-id")


def export_for_owner(*, user: User, pk: int) -> DataRequest | None:
    return exports_of(user=user).filter(pk=pk).first()


def requests_for_panel() -> QuerySet[DataRequest]:
    return DataRequest.objects.select_related("requested_by").order_by("-created_at", "-id")


def subject_found(subject: Subject) -> dict[str, int]:
    """What the portal holds under a subject, in the words a coordinator looks for."""
    from events.models import Registration
    from members.models import MembershipApplication
    from news.models import Subscriber

    emails = sorted(subject.emails)
    return {
        "accounts": len(subject.users),
        "people": len(subject.persons),
        "subscribers": sum(Subscriber.objects.filter(email__iexact=e).count() for e in emails),
        "guest_registrations": sum(
            Registration.objects.filter(person__isnull=True, email__iexact=e).count()
            for e in emails
        ),
        "applications": MembershipApplication.objects.filter(
            organisation__people__in=subject.person_ids
        )
        .distinct()
        .count(),
    }


def erasure_preview(subject: Subject) -> list[dict[str, Any]]:
    """Each kind of record about the subject: how many, and what erasure does to them."""
    preview = []
    for label, declaration in sorted(REGISTRY.items()):
        rows = (declaration.erase_rows or declaration.rows)(subject)
        count = rows.count()
        if not count:
            continue
        preview.append(
            {
                "name": declaration.model_class._meta.verbose_name_plural,
                "label": label,
                "count": count,
                "handling": declaration.handling,
                "deleted": declaration.handling is Handling.DELETE,
                "kept": declaration.handling is Handling.KEEP,
                "reason": declaration.reason,
            }
        )
    return preview
