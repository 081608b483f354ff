"""Reads from the member registry. Each returns a queryset with what its page needs, prefetched."""

from django.db.models import Count, Prefetch, Q

from .models import ActionGroup, Organisation, Person, Sector


def organisations_for_panel():
    """Every organisation with what the panel's list shows, in a fixed number of queries."""
    return Organisation.objects.select_related("primary_representative").prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.order_by("name"))
    )


def organisations_search(queryset, query):
    """Narrow organisations to those whose name, short name, NIP or city contains `query`."""
    query = (query or "").strip()
    if not query:
        return queryset
    digits = "".join(char for char in query if char.isdigit())
    condition = Q(name__icontains=query) | Q(short_name__icontains=query) | Q(city__icontains=query)
    if len(digits) >= 3:
        condition |= Q(nip__contains=digits)
    return queryset.filter(condition)


def directory_organisations():
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


def directory_profile(*, slug):
    """Return the public profile of an active member with its action groups and contacts."""
    return (
        Organisation.objects.active()
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.order_by("name")),
            Prefetch("action_groups", queryset=ActionGroup.objects.order_by("name")),
            Prefetch(
                "people",
                queryset=Person.objects.filter(is_public_contact=True),
                to_attr="public_contacts",
            ),
        )
        .get(slug=slug)
    )


def dashboard_counts():
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


def public_statistics():
    """Figures for the home page."""
    return {
        "members": Organisation.objects.active().count(),
        "action_groups": ActionGroup.objects.count(),
    }


def sectors_in_use():
    return Sector.objects.filter(organisations__status=Organisation.Status.ACTIVE).distinct()
