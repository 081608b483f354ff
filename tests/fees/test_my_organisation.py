"""'My organisation' fees: a representative sees their organisation's documents and PDFs only."""

import datetime

import pytest

from fees.models import FeeDocument

from .factories import (
    BillingProfileFactory,
    FeeScheduleFactory,
    billing_run_done,
    member,
    render_files,
)

pytestmark = pytest.mark.django_db
PAGE = "/pl/my-organisation/fees/"


@pytest.fixture
def documents(coordinator, represented_organisation):
    BillingProfileFactory()
    FeeScheduleFactory(year=datetime.date.today().year, category=represented_organisation.kind)
    other = member(name="Inna Sp. z o.o.")
    billing_run_done(coordinator=coordinator)
    return {
        "own": render_files(FeeDocument.objects.get(organisation=represented_organisation)),
        "other": render_files(FeeDocument.objects.get(organisation=other)),
    }


def test_a_representative_sees_their_organisations_documents(client_for, representative, documents):
    response = client_for(representative).get(PAGE)
    assert response.status_code == 200
    assert list(response.context["documents"]) == [documents["own"]]
    assert documents["own"].number in response.content.decode()
    assert documents["other"].number not in response.content.decode()


def test_a_representative_downloads_their_pdf_but_not_anothers(
    client_for, representative, documents
):
    client = client_for(representative)
    own = client.get(f"{PAGE}{documents['own'].pk}/pdf/")
    assert b"".join(own.streaming_content).startswith(b"%PDF-")
    assert client.get(f"{PAGE}{documents['other'].pk}/pdf/").status_code == 404


def test_employees_and_outsiders_are_refused(client_for, employee, documents):
    assert client_for(employee).get(PAGE).status_code == 403
    assert client_for(employee).get(f"{PAGE}{documents['own'].pk}/pdf/").status_code == 403
    assert client_for(None).get(PAGE).status_code == 302


def test_the_my_organisation_page_links_to_the_fees(client_for, representative):
    response = client_for(representative).get("/pl/my-organisation/")
    assert PAGE.encode() in response.content
