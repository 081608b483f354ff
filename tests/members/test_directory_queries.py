"""The directory's queries do not grow with the registry: sectors in use are found per sector."""

import pytest

from members import selectors
from members.models import Organisation
from tests.factories import OrganisationFactory, SectorFactory, active_member

pytestmark = pytest.mark.django_db


def _members(count, sectors, start=0):
    for index in range(start, start + count):
        organisation = active_member(name=f"Członek {index:03d}", slug=f"czlonek-{index}")
        organisation.sectors.set(sectors)


def test_the_sector_filter_offers_only_sectors_of_active_members():
    used = SectorFactory(name_pl="Używany", slug="used")
    applicants_only = SectorFactory(name_pl="Kandydaci", slug="applicants-only")
    SectorFactory(name_pl="Pusty", slug="empty")
    _members(2, [used])
    OrganisationFactory(status=Organisation.Status.APPLICANT).sectors.set([applicants_only])

    assert [sector.slug for sector in selectors.sectors_in_use()] == ["used"]


@pytest.mark.parametrize("query", ["", "?q=Członek", "?sector=ict"])
def test_the_directory_runs_the_same_queries_for_5_and_40_members(client, query_count, query):
    sectors = [SectorFactory(name_pl="ICT", slug="ict"), SectorFactory(name_pl="AI", slug="ai")]
    _members(5, sectors)
    few = query_count(lambda: client.get(f"/pl/members/{query}"))
    _members(35, sectors, start=5)
    many = query_count(lambda: client.get(f"/pl/members/{query}"))

    assert few == many
