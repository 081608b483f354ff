"""Reads from the member registry. Each returns a queryset with what its page needs, prefetched."""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from core.models import AuditEntry

from .models import (
    ActionGroup,
    Competence,
    CouncilSeat,
    MembershipChange,
    Organisation,
    Person,
    Sector,
)


def organisations_for_panel() -> QuerySet[Organisation]:
    """Every organisation with what the panel's list shows, in a fixed number of queries."""
    return Organisation.objects.select_related("primary_representative").prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("name"))
    )


def organisations_with_competences(
    queryset: QuerySet[Organisation],
) -> QuerySet[Organisation]:
    """Add the competences to a list of organisations, in one query (the exports show them)."""
    return queryset.prefetch_related(Prefetch("competences", queryset=Competence.objects.all()))


def organisations_search(
    queryset: QuerySet[Organisation], query: str | None
) -> QuerySet[Organisation]:
    """Narrow organisations to those whose name, short name, NIP or city contains `query`."""
    query = (query or "").strip()
    if not query:
        return queryset
    digits = "".join(char for char in query if char.isdigit())
    condition = Q(name__icontains=query) | Q(short_name__icontains=query) | Q(city__icontains=query)
    if len(digits) >= 3:
        condition |= Q(nip__contains=digits)
    return queryset.filter(condition)


def directory_organisations() -> QuerySet[Organisation]:
    """Active members with the fields the public directory shows."""
    return (
        Organisation.objects.active()
        .only(
            "name",
            "short_name",
            "slug",
            "kind",
            "city",
            "voivodeship",
            "logo",
            "website",
        )
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.order_by("name")))
        .order_by("name")
    )


# The kinds of the vocabulary in the order pages show them; the directory filters the first two
# together, as "competences and technologies".
COMPETENCE_KIND_ORDER = list(Competence.Kind)
DIRECTORY_COMPETENCE_GROUPS = {
    "competence": (Competence.Kind.COMPETENCE, Competence.Kind.TECHNOLOGY),
    "market": (Competence.Kind.MARKET,),
    "certification": (Competence.Kind.CERTIFICATION,),
}


def competences_grouped(
    competences: Iterable[Competence],
) -> list[tuple[Competence.Kind, list[Competence]]]:
    """Group competences by kind, the kinds in their fixed order and the terms by name; kinds
    without a term are left out."""
    groups: dict[str, list[Competence]] = {kind: [] for kind in COMPETENCE_KIND_ORDER}
    for competence in competences:
        groups[competence.kind].append(competence)
    return [
        (Competence.Kind(kind), sorted(terms, key=lambda term: str(term.name).casefold()))
        for kind, terms in groups.items()
        if terms
    ]


def _competence_links() -> QuerySet[Any]:
    """The rows that link organisations to the terms they name."""
    through: Any = Organisation.competences.through
    return through.objects.all()


def competences_in_use() -> QuerySet[Competence]:
    """The terms at least one active member names: the directory offers only these."""
    in_use = _competence_links().filter(
        competence=OuterRef("pk"), organisation__status=Organisation.Status.ACTIVE
    )
    return Competence.objects.filter(Exists(in_use))


def competences_for_panel() -> QuerySet[Competence]:
    """Every term with how many active members and how many organisations in all name it."""
    return Competence.objects.annotate(
        member_count=Count(
            "organisations", filter=Q(organisations__status=Organisation.Status.ACTIVE)
        ),
        organisation_count=Count("organisations"),
    )


def competence_usage(*, competence: Competence) -> int:
    """How many organisations, of any status, name the term."""
    return _competence_links().filter(competence=competence).count()


def organisations_matching(
    *, competence_ids: Iterable[int], sector_ids: Iterable[int]
) -> QuerySet[Organisation]:
    """Active members that name any of the competences or work in any of the sectors.

    The cooperation board matches a post to them. Each condition is an EXISTS on a link table,
    so an organisation that matches several times is listed once and no DISTINCT is needed.
    """
    competence_ids, sector_ids = list(competence_ids), list(sector_ids)
    condition = Q(pk__in=[])
    if competence_ids:
        condition |= Q(
            Exists(
                _competence_links().filter(
                    organisation=OuterRef("pk"), competence_id__in=competence_ids
                )
            )
        )
    if sector_ids:
        condition |= Q(
            Exists(
                Organisation.sectors.through.objects.filter(
                    organisation=OuterRef("pk"), sector_id__in=sector_ids
                )
            )
        )
    return Organisation.objects.active().filter(condition)


def directory_profile(*, slug: str) -> Organisation:
    """Return the public profile of an active member with its action groups and contacts."""
    return (
        Organisation.objects.active()
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.order_by("name")),
            Prefetch("competences", queryset=Competence.objects.all()),
            Prefetch("action_groups", queryset=ActionGroup.objects.order_by("name")),
            Prefetch(
                "people",
                queryset=Person.objects.filter(is_public_contact=True),
                to_attr="public_contacts",
            ),
        )
        .get(slug=slug)
    )


def dashboard_counts() -> dict[str, Any]:
    """Counts of organisations by membership status and, for active members, by kind."""
    by_status = dict(
        Organisation.objects.values_list("status").annotate(total=Count("pk")).order_by()
    )
    by_kind = dict(
        Organisation.objects.active().values_list("kind").annotate(total=Count("pk")).order_by()
    )
    return {
        "by_status": [(status, by_status.get(status.value, 0)) for status in Organisation.Status],
        "by_kind": [(kind, by_kind.get(kind.value, 0)) for kind in Organisation.Kind],
        "applications": by_status.get(Organisation.Status.APPLICANT, 0),
    }


def public_statistics() -> dict[str, int]:
    """Figures for the home page."""
    return {
        "members": Organisation.objects.active().count(),
        "action_groups": ActionGroup.objects.count(),
    }


def sectors_in_use() -> QuerySet[Sector]:
    # EXISTS probes the link table per sector; a join with DISTINCT would read every member.
    in_use = Organisation.sectors.through.objects.filter(
        sector=OuterRef("pk"), organisation__status=Organisation.Status.ACTIVE
    )
    return Sector.objects.filter(Exists(in_use))


def organisation_for_panel(*, pk: int) -> Organisation:
    """Return one organisation with everything its panel page shows."""
    return (
        Organisation.objects.select_related("primary_representative", "application")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.order_by("name")),
            Prefetch("people", queryset=Person.objects.select_related("user")),
            Prefetch(
                "membership_changes", queryset=MembershipChange.objects.select_related("actor")
            ),
            Prefetch("action_groups", queryset=ActionGroup.objects.order_by("name")),
            Prefetch("competences", queryset=Competence.objects.all()),
        )
        .get(pk=pk)
    )


def applications_pending() -> QuerySet[Organisation]:
    """Applicants waiting for a decision, the longest waiting first."""
    return (
        Organisation.objects.filter(status=Organisation.Status.APPLICANT)
        .select_related("primary_representative", "application")
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.order_by("name")))
        .order_by("applied_on", "name", "pk")
    )


def recent_audit_entries(*, limit: int = 10) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.select_related("actor").order_by("-created_at", "-id")[:limit]


def action_groups_for_panel() -> QuerySet[ActionGroup]:
    return ActionGroup.objects.select_related("leader__organisation").annotate(
        member_count=Count("organisations")
    )


def sectors_for_panel() -> QuerySet[Sector]:
    return Sector.objects.annotate(
        member_count=Count(
            "organisations", filter=Q(organisations__status=Organisation.Status.ACTIVE)
        )
    )


def council_seats_for_panel() -> QuerySet[CouncilSeat]:
    return CouncilSeat.objects.select_related("person__organisation").order_by(
        "-term_start", "-is_chair", "person__last_name", "pk"
    )


def directory_filter(
    queryset: QuerySet[Organisation],
    *,
    query: str | None = "",
    sector: Sector | None = None,
    kind: str = "",
    competences: Iterable[Competence] = (),
) -> QuerySet[Organisation]:
    """Narrow the directory by name, short name, city or keyword, by sector and kind, and to the
    members that name every one of `competences`."""
    query = (query or "").strip()
    if query:
        queryset = queryset.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(city__icontains=query)
            | Q(keywords__icontains=query)
        )
    if sector is not None:
        queryset = queryset.filter(sectors=sector)
    if kind:
        queryset = queryset.filter(kind=kind)
    for competence in competences:
        # One EXISTS per term: a member must name them all, and no join repeats its row.
        queryset = queryset.filter(
            Exists(_competence_links().filter(organisation=OuterRef("pk"), competence=competence))
        )
    return queryset


def newest_members(*, limit: int = 6) -> QuerySet[Organisation]:
    """The members that joined most recently, for the home page."""
    return (
        Organisation.objects.active()
        .only("name", "short_name", "slug", "logo", "city", "joined_on")
        .order_by(F("joined_on").desc(nulls_last=True), "-pk")[:limit]
    )


def organisation_people(*, organisation: Organisation) -> QuerySet[Person]:
    """The people of one organisation with their accounts, for its representatives."""
    return Person.objects.filter(organisation=organisation).select_related("user")


def account_linked_elsewhere(*, person: Person) -> bool:
    """Whether the account for the person's e-mail already belongs to another registry entry."""
    return Person.objects.filter(user__email__iexact=person.email).exclude(pk=person.pk).exists()


def audit_entries_link_organisations(entries: Iterable[AuditEntry]) -> Iterable[AuditEntry]:
    """Mark each audit entry with the organisation it concerns (itself, or on its trail)."""
    organisation_type = ContentType.objects.get_for_model(Organisation)
    # `organisation_id` is a presentation attribute for the template, not a model field.
    for entry in entries:
        if entry.target_type_id == organisation_type.pk:
            entry.organisation_id = entry.target_id  # type: ignore[attr-defined]
        elif entry.parent_type_id == organisation_type.pk:
            entry.organisation_id = entry.parent_id  # type: ignore[attr-defined]
        else:
            entry.organisation_id = None  # type: ignore[attr-defined]
    return entries
