"""The cluster's statistics against hand-counted members at the edges of a period: one who joined
and left within it, one without a size, a suspended one, one before and one after it."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Registration
from members.models import Organisation
from reports import selectors
from tests.events.factories import EventFactory
from tests.factories import SectorFactory

from .factories import TeamMemberFactory, member, status_change

pytestmark = pytest.mark.django_db

Kind = Organisation.Kind
START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)


@pytest.fixture
def cluster():
    """Hand-counted: at the end of 2024 A, C, E are members; at the end of 2025 A, D, E (D
    suspended). B joined and left in 2025, C left in 2025, D joined in 2025; F only applied and G
    joined in 2026."""
    metal = SectorFactory(name="Metal", slug="metal")
    it = SectorFactory(name="IT", slug="it")
    a = member(kind=Kind.MICRO, joined_on=datetime.date(2020, 5, 1), employees=12)
    a.sectors.set([metal, it])
    b = member(
        kind=Kind.SMALL,
        joined_on=datetime.date(2025, 3, 1),
        left_on=datetime.date(2025, 9, 30),
        employees=40,
    )
    b.sectors.set([metal])
    c = member(
        kind=Kind.UNIVERSITY,
        joined_on=datetime.date(2019, 1, 1),
        left_on=datetime.date(2025, 6, 30),
        employee_range="250+",
    )
    d = member(
        kind=Kind.MEDIUM,
        joined_on=datetime.date(2025, 2, 1),
        status=Organisation.Status.SUSPENDED,
        employee_range="50-249",
        voivodeship="slaskie",
    )
    d.sectors.set([metal])
    status_change(d, to_status="active", on=datetime.date(2025, 2, 1), from_status="applicant")
    status_change(d, to_status="suspended", on=datetime.date(2025, 10, 1), from_status="active")
    e = member(
        kind=Kind.NGO,
        joined_on=datetime.date(2021, 4, 1),
        voivodeship="mazowieckie",
        employee_range="",
    )
    f = member(kind=Kind.LARGE, joined_on=None, status=Organisation.Status.APPLICANT)
    g = member(kind=Kind.LARGE, joined_on=datetime.date(2026, 1, 10))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g}


def _kinds(stats):
    return {row["key"]: row["members"] for row in stats.by_kind if row["members"]}


def test_members_at_the_start_and_end_and_who_joined_and_left(cluster):
    stats = selectors.cluster_statistics(start=START, end=END)

    assert stats.members_at_start == 3  # A, C, E
    assert stats.members == 3  # A, D, E
    assert stats.suspended == 1  # D
    assert stats.committed == 2
    assert [o.pk for o in stats.joined] == [cluster["d"].pk, cluster["b"].pk]
    assert [o.pk for o in stats.left] == [cluster["c"].pk, cluster["b"].pk]
    assert [o.pk for o in stats.left_joined_before] == [cluster["c"].pk]  # B is in `joined`
    assert _kinds(stats) == {"micro": 1, "medium": 1, "ngo": 1}
    medium = next(row for row in stats.by_kind if row["key"] == "medium")
    assert medium["suspended"] == 1
    types = {row["key"]: (row["members"], row["committed"]) for row in stats.by_type}
    assert types["enterprise"] == (2, 1)
    assert types["civil_society"] == (1, 1)
    assert types["research"] == (0, 0)


def test_the_member_who_joined_and_left_within_the_period_counts_in_neither_state(cluster):
    stats = selectors.cluster_statistics(start=START, end=END)
    assert "small" not in _kinds(stats)
    in_the_middle = selectors.cluster_statistics(
        start=datetime.date(2025, 6, 1), end=datetime.date(2025, 6, 1)
    )
    # On 1 June 2025: A, B, C, D (active then), E.
    assert in_the_middle.members == 5
    assert in_the_middle.suspended == 0
    assert _kinds(in_the_middle) == {
        "micro": 1,
        "small": 1,
        "university": 1,
        "medium": 1,
        "ngo": 1,
    }


def test_the_suspension_counts_from_the_day_it_was_recorded(cluster):
    before = selectors.cluster_statistics(start=END, end=datetime.date(2025, 9, 30))
    after = selectors.cluster_statistics(start=END, end=datetime.date(2025, 10, 1))
    assert (before.members, before.suspended) == (3, 0)  # A, D, E: B left that day
    assert (after.members, after.suspended) == (3, 1)


def test_regions_and_sectors(cluster):
    stats = selectors.cluster_statistics(start=START, end=END)
    regions = {row["key"]: row["members"] for row in stats.by_region}
    assert regions == {"pomorskie": 1, "slaskie": 1, "mazowieckie": 1}
    sectors = {row["key"]: row["members"] for row in stats.by_sector}
    assert sectors == {"metal": 2, "it": 1}  # A and D; B has left
    assert stats.without_sector == 1  # E


def test_employment_keeps_reported_numbers_estimates_and_unknowns_apart(cluster):
    stats = selectors.cluster_statistics(start=START, end=END)
    assert stats.employment == {
        "reported": 12,  # A
        "reported_members": 1,
        "estimated": 150,  # D's range 50–249
        "estimated_members": 1,
        "unknown_members": 1,  # E gave neither a number nor a range
        "total": 162,
    }


def test_the_management_team_counts_the_people_working_on_the_day(cluster):
    TeamMemberFactory(fte=Decimal("1"), starts_on=datetime.date(2020, 1, 1))
    TeamMemberFactory(fte=Decimal("0.5"), starts_on=datetime.date(2025, 7, 1))
    TeamMemberFactory(
        fte=Decimal("0.25"),
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2025, 12, 30),
    )
    assert selectors.cluster_statistics(start=START, end=END).team["fte"] == Decimal("1.5")
    assert selectors.management_team_on(datetime.date(2025, 6, 30))["fte"] == Decimal("1.25")


def test_events_held_and_their_participants(cluster):
    held = EventFactory(
        starts_at=datetime.datetime(2025, 5, 5, 10, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2025, 5, 5, 14, tzinfo=datetime.UTC),
        status="published",
    )
    EventFactory(
        starts_at=datetime.datetime(2026, 5, 5, 10, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 5, 5, 14, tzinfo=datetime.UTC),
        status="published",
    )
    for number, (status, organisation) in enumerate(
        [
            ("attended", cluster["a"]),
            ("confirmed", cluster["a"]),
            ("no_show", None),
            ("cancelled", cluster["e"]),
            ("waitlisted", cluster["e"]),
        ]
    ):
        Registration.objects.create(
            event=held,
            sequence=number + 1,
            status=status,
            organisation=organisation,
            first_name="Jan",
            last_name="Nowak",
            email=f"jan{number}@example.com",
            language="pl",
            token=f"token-{number}",
        )
    events = selectors.cluster_statistics(start=START, end=END).events
    assert (events["held"], events["registered"], events["attended"]) == (1, 3, 1)
    assert events["organisations"] == 1


def test_growth_counts_members_at_each_month_end_in_one_query(cluster):
    with CaptureQueriesContext(connection) as queries:
        growth = selectors.members_growth(START, END)
    assert len(queries.captured_queries) == 1
    assert growth[0] == (datetime.date(2024, 12, 31), 3)
    assert dict(growth)[datetime.date(2025, 3, 31)] == 5  # A, B, C, D, E
    assert growth[-1] == (END, 3)
    assert len(growth) == 13


def test_query_counts_do_not_grow_with_the_cluster(cluster):
    def queries():
        with CaptureQueriesContext(connection) as context:
            selectors.cluster_statistics(start=START, end=END)
        return len(context.captured_queries)

    small = queries()
    sector = SectorFactory(name="Nowy", slug="nowy")
    for number in range(15):
        organisation = member(
            kind=Kind.SMALL, joined_on=datetime.date(2024, 1, 1), employees=number
        )
        organisation.sectors.set([sector])
        TeamMemberFactory()
    assert queries() == small
