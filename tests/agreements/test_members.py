"""Members see every agreement, whatever its status, and download its documents."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from agreements.models import Agreement

from .factories import PartnerFactory, make_agreement
from .pdfs import minimal_pdf

pytestmark = pytest.mark.django_db

Status = Agreement.Status
LIST = "/en/partnerships/agreements/"


def test_members_see_agreements_in_every_status(client_for, employee):
    for status, title in [
        (Status.DRAFT, "Draft agreement"),
        (Status.IN_NEGOTIATION, "Negotiated agreement"),
        (Status.IN_FORCE, "Signed agreement"),
        (Status.TERMINATED, "Ended agreement"),
    ]:
        make_agreement(status=status, title_en=title)

    page = client_for(employee).get(LIST).content.decode()

    for title in ["Draft agreement", "Negotiated agreement", "Signed agreement", "Ended agreement"]:
        assert title in page
    assert "in negotiation" in page


def test_the_list_filters_by_status_and_finds_a_partner_by_name(client_for, employee):
    make_agreement(
        status=Status.IN_FORCE, title_en="With PIKMED", partners=[PartnerFactory(name="PIKMED")]
    )
    make_agreement(status=Status.DRAFT, title_en="Another")
    client = client_for(employee)

    by_status = client.get(LIST, {"status": "in_force"}).context["page_obj"]
    by_partner = client.get(LIST, {"q": "pikmed"}).context["page_obj"]

    assert [agreement.title for agreement in by_status] == ["With PIKMED"]
    assert [agreement.title for agreement in by_partner] == ["With PIKMED"]


def test_the_detail_shows_parties_signatures_and_documents(client_for, council_member):
    agreement = make_agreement(status=Status.IN_FORCE, title_en="Signed agreement")
    agreement.document.save("agreement.pdf", ContentFile(minimal_pdf()))

    page = (
        client_for(council_member)
        .get(reverse("partnerships:agreement", args=[agreement.pk]).replace("/pl/", "/en/"))
        .content.decode()
    )

    assert "Sygnatariusz 0" in page
    assert "signed" in page
    assert (
        reverse("partnerships:agreement_document", args=[agreement.pk]).replace("/pl/", "/en/")
        in page
    )
    assert "No signed scan yet." in page


def test_a_document_downloads_as_the_stored_pdf(client_for, representative):
    agreement = make_agreement(status=Status.IN_FORCE)
    content = minimal_pdf()
    agreement.document.save("agreement.pdf", ContentFile(content))

    response = client_for(representative).get(
        reverse("partnerships:agreement_document", args=[agreement.pk])
    )

    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == content


def _agreements(count):
    for _number in range(count):
        make_agreement(status=Status.IN_FORCE, partners=[PartnerFactory(), PartnerFactory()])


def test_the_list_runs_the_same_number_of_queries_for_10_and_200_agreements(
    client_for, employee, query_count
):
    client = client_for(employee)
    _agreements(10)
    few = query_count(lambda: client.get(LIST))
    _agreements(190)

    many = query_count(lambda: client.get(LIST))

    assert few == many
