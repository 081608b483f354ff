"""A coordinator records the inter-cluster agreement of Jastrzębie-Zdrój (17 June 2015) between
an umbrella cluster and five regional clusters, records every signature, and the agreement comes
into force on the public page, in the network picture and in its PDF."""

import io

import pytest
from pypdf import PdfReader

from agreements.models import Agreement
from tests.agreements.factories import PartnerFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UMBRELLA = "Ogólnopolski Klaster Innowacyjnych Przedsiębiorców"
CLUSTERS = [
    ("Jastrzębski Klaster Innowacji", "JKI", "Jastrzębie-Zdrój"),
    ("Polski Innowacyjny Klaster Medyczny PIKMED", "PIKMED", "Katowice"),
    ("Klaster Innowacyjne Regiony", "", "Rybnik"),
    ("Polski Klaster Weterynaryjny", "", "Gliwice"),
]
TITLE = "Inter-cluster cooperation agreement"


@pytest.fixture
def private_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


def test_a_coordinator_brings_a_six_party_agreement_into_force(
    page, log_in, settings, private_root
):
    # The portal's own cluster is the umbrella organisation here.
    settings.CLUSTER_NAME = UMBRELLA
    for name, short_name, city in CLUSTERS:
        PartnerFactory(name=name, short_name=short_name, city=city, region="śląskie")
    coordinator = UserFactory(email="biuro@okip.example", is_coordinator=True, verified_email=True)

    log_in(coordinator.email)
    page.goto("/en/panel/agreements/")

    # The fifth cluster is not recorded yet: the coordinator adds it.
    page.get_by_role("link", name="Partner organisations").click()
    page.get_by_role("link", name="Add a partner").click()
    page.get_by_label("Name", exact=True).fill("Klaster for Africa")
    page.get_by_label("Kind").select_option("cluster")
    page.get_by_label("Country").select_option("PL")
    page.get_by_label("City").fill("Katowice")
    page.get_by_label("Description (Polish)").fill("Klaster firm wchodzących na rynki Afryki.")
    page.get_by_role("button", name="Add the partner").click()
    assert page.get_by_role("row", name="Klaster for Africa").is_visible()

    page.get_by_role("link", name="Agreements", exact=True).first.click()
    page.get_by_role("link", name="Record an agreement").click()
    page.get_by_label("Kind").select_option("cooperation")
    page.get_by_label("Title (Polish)").fill("Porozumienie o współpracy międzyklastrowej")
    page.get_by_label("Title (English)").fill(TITLE)
    page.get_by_label("Reference number").fill("OKIP/2015/1")
    page.get_by_label("Date of signing").fill("2015-06-17")
    page.get_by_label("Place of signing").fill("Jastrzębie-Zdrój")
    page.get_by_label("Valid from").fill("2015-06-17")
    for name, _short, _city in [*CLUSTERS, ("Klaster for Africa", "", "")]:
        page.get_by_label(name, exact=True).check()
    for area in ["Joint projects", "R&D and technology transfer", "Conferences and seminars"]:
        page.get_by_label(area, exact=True).check()
    page.get_by_label("Text of the agreement").fill("§ 1. Strony deklarują współpracę.")
    page.get_by_role("button", name="Record the agreement").click()
    assert page.get_by_text("The agreement is recorded as a draft.").is_visible()

    page.get_by_role("button", name="Start negotiation").click()
    page.get_by_role("button", name="Send for signature").click()
    assert page.locator(".page-header .badge").inner_text() == "awaiting signatures"

    signatories = [
        (UMBRELLA, "Bogdan Węgrzynek", "Prezes"),
        ("Jastrzębski Klaster Innowacji", "Marek Kowalczyk", "Prezes Zarządu"),
        ("Polski Innowacyjny Klaster Medyczny PIKMED", "Ewa Nowicka", "Koordynator"),
        ("Klaster Innowacyjne Regiony", "Tomasz Wróbel", "Prezes Zarządu"),
        ("Polski Klaster Weterynaryjny", "Katarzyna Lis", "Koordynator"),
        ("Klaster for Africa", "Jan Mazur", "Prezes Zarządu"),
    ]
    for party, person, position in signatories:
        page.get_by_role("link", name=f"Record signature of {party}", exact=True).click()
        page.get_by_label("Signatory", exact=True).fill(person)
        page.get_by_label("Signatory's position").fill(position)
        page.get_by_label("signed", exact=True).check()
        assert page.get_by_label("Date").input_value() == "2015-06-17"
        page.get_by_role("button", name="Record the signature").click()

    assert page.get_by_text("Every party has signed: the agreement is in force.").is_visible()
    assert page.locator(".page-header .badge").inner_text() == "in force"
    agreement = Agreement.objects.get()
    assert agreement.status == Agreement.Status.IN_FORCE
    assert agreement.parties.filter(signature="signed").count() == 6

    page.goto("/en/partnerships/")
    agreements = page.get_by_role("region", name="Agreements in force")
    assert agreements.get_by_role("heading", name=TITLE).is_visible()
    assert agreements.get_by_role("link", name="Klaster for Africa").is_visible()
    assert agreements.get_by_text("R&D and technology transfer").is_visible()
    picture = page.get_by_role("img", name=f"The partner network of {UMBRELLA}")
    assert picture.is_visible()
    labels = page.locator("svg.network text").all_text_contents()
    for label in ["JKI", "PIKMED", "Klaster Innowacyjne Regiony", "Klaster for Africa", "Poland"]:
        assert label in labels

    page.goto(f"/en/partnerships/agreements/{agreement.pk}/")
    link = page.get_by_role("link", name="The agreement as PDF")
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(pdf_page.extract_text() for pdf_page in reader.pages)
    assert "Porozumienie o współpracy międzyklastrowej" in text
    assert UMBRELLA in text
    for name, _short, _city in [*CLUSTERS, ("Klaster for Africa", "", "")]:
        assert name in text
    assert "Bogdan Węgrzynek" in text
