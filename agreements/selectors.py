"""Reads of partners and agreements. Each returns what its page needs, prefetched."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Agreement, AgreementArea, AgreementParty, Partner

Status = Agreement.Status


def _parties() -> Prefetch:
    return Prefetch(
        "parties", queryset=AgreementParty.objects.select_related("partner").order_by("order", "pk")
    )


def _areas() -> Prefetch:
    return Prefetch("areas", queryset=AgreementArea.objects.order_by("area"))


def with_parties_and_areas(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return queryset.prefetch_related(_parties(), _areas())


def agreements_in_force() -> QuerySet[Agreement]:
    """Agreements in force with their parties and areas, the most recently signed first."""
    return with_parties_and_areas(Agreement.objects.in_force()).order_by(
        "-signed_on", "-created_at", "-pk"
    )


def partners_in_force() -> QuerySet[Partner]:
    """Partners that are a party to at least one agreement in force; for the public pages and the
    home page."""
    return (
        Partner.objects.filter(parties__agreement__status=Status.IN_FORCE)
        .distinct()
        .order_by("name")
    )


def partner_public(*, slug: str) -> Partner | None:
    """Return a partner with an agreement in force, with those agreements; None otherwise."""
    partner = partners_in_force().filter(slug=slug).first()
    if partner is not None:
        # A presentation attribute for the partner's page, not a model field.
        partner.agreements_in_force = list(  # type: ignore[attr-defined]
            agreements_in_force().filter(parties__partner=partner)
        )
    return partner


def agreements_filter(
    queryset: QuerySet[Agreement], *, query: str | None = "", status: str = "", kind: str = ""
) -> QuerySet[Agreement]:
    """Narrow agreements by title, reference number or partner name, and by status and kind."""
    query = (query or "").strip()
    if query:
        queryset = queryset.filter(
            Q(title__icontains=query)
            | Q(reference_number__icontains=query)
            | Q(parties__partner__name__icontains=query)
            | Q(parties__partner__short_name__icontains=query)
        ).distinct()
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def agreements_for_members() -> QuerySet[Agreement]:
    """Every agreement, whatever its status, with parties and areas, for the members' list."""
    return with_parties_and_areas(Agreement.objects.all()).order_by(
        "-signed_on", "-created_at", "-pk"
    )


def agreements_for_panel() -> QuerySet[Agreement]:
    """Every agreement with its parties and how many of them have signed."""
    return (
        with_parties_and_areas(Agreement.objects.all())
        .annotate(
            party_count=Count("parties", distinct=True),
            signed_count=Count(
                "parties",
                filter=Q(parties__signature=AgreementParty.Signature.SIGNED),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-pk")
    )


def agreement_detail(*, pk: int) -> Agreement | None:
    """Return one agreement with its parties, areas and approving resolution, or None."""
    return (
        with_parties_and_areas(Agreement.objects.select_related("approving_resolution__body"))
        .filter(pk=pk)
        .first()
    )


agreement_for_document = agreement_detail


def partners_for_panel() -> QuerySet[Partner]:
    return Partner.objects.annotate(
        agreement_count=Count("parties", distinct=True),
        in_force_count=Count(
            "parties", filter=Q(parties__agreement__status=Status.IN_FORCE), distinct=True
        ),
    ).order_by("name")


def status_counts() -> list[tuple[Agreement.Status, int]]:
    """How many agreements have each status; for the panel's dashboard."""
    by_status = dict(Agreement.objects.values_list("status").annotate(total=Count("pk")).order_by())
    return [(status, by_status.get(status.value, 0)) for status in Status]


def agreements_expiring(
    *, days: int = 60, today: datetime.date | None = None
) -> QuerySet[Agreement]:
    """Agreements in force whose end date falls within `days` from today, soonest first."""
    today = today or timezone.localdate()
    return (
        Agreement.objects.in_force()
        .filter(valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=days))
        .order_by("valid_until", "pk")
    )
