"""FA(3) XML of VAT invoices and corrections: every variant validates against the official XSD
(through `assert_valid_fa3`), and the request that would send it is built and decrypts back."""

import datetime
from decimal import Decimal

import pytest
from ksef_client.services.crypto import decrypt_aes_cbc_pkcs7, generate_iv, generate_symmetric_key
from lxml import etree

from fees import ksef, services
from fees.models import FeeDocument
from members.models import Organisation
from tests.factories import UserFactory

from .factories import (
    BillingProfileFactory,
    FeeScheduleFactory,
    assert_valid_fa3,
    billing_run_done,
    debit_note_schedule,
    document_xml,
    exempt_schedule,
    member,
    render_files,
)

pytestmark = pytest.mark.django_db

NS = {"fa": "http://crd.gov.pl/wzor/2025/06/25/13775/"}
YEAR = 2026


@pytest.fixture
def coordinator():
    return UserFactory(is_coordinator=True)


def _issue(coordinator, **schedule):
    BillingProfileFactory()
    kind = schedule.pop("category", Organisation.Kind.SMALL)
    organisation = member(kind=kind, **schedule.pop("member", {}))
    FeeScheduleFactory(year=YEAR, category=kind, **schedule)
    run = billing_run_done(coordinator=coordinator, year=YEAR, issue_date=datetime.date.today())
    return FeeDocument.objects.get(billing_run=run, organisation=organisation)


def _text(xml, path):
    return etree.fromstring(xml).findtext(path, namespaces=NS)


def test_a_23_percent_invoice(coordinator):
    document = _issue(coordinator)
    xml = document_xml(document)
    assert _text(xml, "fa:Fa/fa:P_2") == document.number
    assert _text(xml, "fa:Fa/fa:P_13_1") == "1000.00"
    assert _text(xml, "fa:Fa/fa:P_14_1") == "230.00"
    assert _text(xml, "fa:Fa/fa:P_15") == "1230.00"
    assert _text(xml, "fa:Podmiot2/fa:DaneIdentyfikacyjne/fa:NIP") == document.buyer_nip
    assert _text(xml, "fa:Podmiot1/fa:DaneIdentyfikacyjne/fa:NIP") == "5842739122"
    assert (
        _text(xml, "fa:Fa/fa:Platnosc/fa:RachunekBankowy/fa:NrRB") == document.seller_bank_account
    )
    assert _text(xml, "fa:Naglowek/fa:SystemInfo") == "Cluster Portal"


def test_an_8_percent_invoice_pro_rata(coordinator):
    document = _issue(
        coordinator,
        vat_rate=Decimal("8.00"),
        pro_rata="monthly",
        member={"joined": datetime.date(YEAR, 11, 3)},
    )
    xml = document_xml(document)
    assert document.net_total == Decimal("166.67")  # 2 of 12 months of 1000.00
    assert _text(xml, "fa:Fa/fa:P_13_2") == "166.67"
    assert _text(xml, "fa:Fa/fa:P_14_2") == "13.33"
    assert _text(xml, "fa:Fa/fa:P_15") == "180.00"


def test_an_exempt_invoice_names_its_legal_basis(coordinator):
    BillingProfileFactory()
    organisation = member(kind=Organisation.Kind.NGO)
    exempt_schedule(year=YEAR)
    run = billing_run_done(coordinator=coordinator, year=YEAR, issue_date=datetime.date.today())
    document = FeeDocument.objects.get(billing_run=run, organisation=organisation)
    xml = document_xml(document)
    assert _text(xml, "fa:Fa/fa:P_13_7") == "1000.00"
    assert _text(xml, "fa:Fa/fa:Adnotacje/fa:Zwolnienie/fa:P_19A") == (
        "art. 43 ust. 1 pkt 31 ustawy o VAT"
    )
    assert _text(xml, "fa:Fa/fa:FaWiersz/fa:P_12") == "zw"


def test_a_foreign_buyer_without_a_nip(coordinator):
    document = _issue(coordinator)
    FeeDocument.objects.filter(pk=document.pk).update(
        buyer_nip="", buyer_country="DE", buyer_city="Berlin", buyer_postal_code="10115"
    )
    document.refresh_from_db()
    xml = document_xml(document)
    assert _text(xml, "fa:Podmiot2/fa:DaneIdentyfikacyjne/fa:BrakID") == "1"
    assert _text(xml, "fa:Podmiot2/fa:Adres/fa:KodKraju") == "DE"


@pytest.mark.parametrize(
    ("new_amount", "difference"),
    [(Decimal("600.00"), Decimal("-492.00")), (Decimal("0.00"), Decimal("-1230.00"))],
    ids=["lowered", "cancelled"],
)
def test_a_correction_is_a_valid_kor_with_the_state_before_and_after(
    coordinator, new_amount, difference
):
    original = _issue(coordinator)
    correction = services.fee_document_correct(
        document=original, amounts={1: new_amount}, reason="Obniżenie składki", actor=coordinator
    )
    xml = document_xml(correction)
    assert _text(xml, "fa:Fa/fa:RodzajFaktury") == "KOR"
    assert _text(xml, "fa:Fa/fa:DaneFaKorygowanej/fa:NrFaKorygowanej") == original.number
    assert _text(xml, "fa:Fa/fa:PrzyczynaKorekty") == "Obniżenie składki"
    assert Decimal(_text(xml, "fa:Fa/fa:P_15")) == difference
    rows = etree.fromstring(xml).findall("fa:Fa/fa:FaWiersz", namespaces=NS)
    assert [row.findtext("fa:StanPrzed", namespaces=NS) for row in rows] == ["1", None]


def test_a_second_correction_starts_from_the_first_ones_state(coordinator):
    original = _issue(coordinator)
    services.fee_document_correct(
        document=original, amounts={1: Decimal("800.00")}, reason="Korekta 1", actor=coordinator
    )
    second = services.fee_document_correct(
        document=original, amounts={1: Decimal("500.00")}, reason="Korekta 2", actor=coordinator
    )
    xml = document_xml(second)
    rows = etree.fromstring(xml).findall("fa:Fa/fa:FaWiersz", namespaces=NS)
    assert [row.findtext("fa:P_11", namespaces=NS) for row in rows] == ["800.00", "500.00"]
    assert Decimal(_text(xml, "fa:Fa/fa:P_15")) == Decimal("-369.00")


def test_the_rendered_xml_file_is_the_valid_one(coordinator):
    document = render_files(_issue(coordinator))
    with document.ksef_xml.open("rb") as handle:
        stored = handle.read()
    assert_valid_fa3(stored)
    assert document.pdf.name.endswith(".pdf")
    with document.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_debit_note_gets_no_xml(coordinator):
    BillingProfileFactory()
    organisation = member(kind=Organisation.Kind.UNIVERSITY)
    debit_note_schedule(year=YEAR)
    run = billing_run_done(coordinator=coordinator, year=YEAR, issue_date=datetime.date.today())
    note = render_files(FeeDocument.objects.get(billing_run=run, organisation=organisation))
    assert not note.ksef_xml
    assert note.pdf
    with pytest.raises(ksef.KsefError):
        ksef.document_xml(note)


def test_a_buyer_nip_the_schema_refuses_marks_the_invoice_rejected_not_broken(coordinator):
    document = _issue(coordinator)
    FeeDocument.objects.filter(pk=document.pk).update(buyer_nip="1000000101", ksef_xml="")
    document = render_files(FeeDocument.objects.get(pk=document.pk))
    assert document.ksef_status == FeeDocument.KsefStatus.REJECTED
    assert not document.ksef_xml


def test_the_send_request_carries_the_encrypted_invoice_and_its_hash(coordinator):
    original = _issue(coordinator)
    xml = document_xml(original)
    key, iv = generate_symmetric_key(), generate_iv()

    request = ksef.send_request(xml, key=key, iv=iv)

    payload = request.payload.to_dict() if hasattr(request.payload, "to_dict") else request.payload
    assert request.invoice_size == len(xml)
    assert request.invoice_hash == ksef.sha256_base64(xml)
    assert payload["invoiceHash"] == request.invoice_hash
    assert payload["invoiceSize"] == len(xml)
    import base64

    encrypted = base64.b64decode(payload["encryptedInvoiceContent"])
    assert decrypt_aes_cbc_pkcs7(encrypted, key, iv) == xml


def test_sending_is_off_by_default(coordinator, settings):
    assert not ksef.sending_enabled()
    document = render_files(_issue(coordinator))
    assert services.fee_document_ksef_send(document_id=document.pk) == "disabled"
    settings.KSEF_ENABLED = True
    assert not ksef.sending_enabled()  # no token
    assert FeeDocument.objects.get(pk=document.pk).ksef_status == FeeDocument.KsefStatus.PENDING
