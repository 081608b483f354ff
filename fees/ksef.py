"""KSeF, the national e-invoicing system: FA(3) XML of VAT invoices and their corrections, and the
request that sends one.

The XML is built with the FA(3) builders of `ksef-client` and validated against the official XSD
the package ships, every time: a document whose XML does not validate is never stored. Sending is
off unless the installation sets `KSEF_ENABLED` and a token (README "Fees"); everything up to the
HTTP request (the encrypted payload) is built and tested here. Debit notes are outside VAT and
KSeF: they get no XML.
"""

import base64
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from ksef_client.documents.fa3 import (
    BankAccount,
    BasicInvoiceBuilder,
    CorrectionInvoiceBuilder,
    InvoiceParty,
    PaymentTerms,
    TaxCategory,
    validate_fa3_xml_xsd,
)
from ksef_client.documents.fa3.domain import Address
from ksef_client.services.crypto import build_send_invoice_request
from lxml import etree

from .models import FeeDocument, FeeDocumentLine

SYSTEM_INFO = "Cluster Portal"
# TypKorekty: 2 = the correction takes effect on its own date (a change of the fee agreed later).
CORRECTION_TYPE = "2"

_RATES = {
    Decimal("23"): TaxCategory.standard_23,
    Decimal("22"): TaxCategory.standard_22,
    Decimal("8"): TaxCategory.reduced_8,
    Decimal("7"): TaxCategory.reduced_7,
    Decimal("5"): TaxCategory.reduced_5,
    Decimal("0"): TaxCategory.zero_domestic,
}
SUPPORTED_RATES = tuple(sorted(_RATES, reverse=True))


class KsefError(Exception):
    """A document cannot be expressed as a valid FA(3) document, or sending failed."""


def _address(street: str, postal_code: str, city: str, country: str) -> Address:
    town = f"{postal_code} {city}".strip()
    line1, line2 = (street, town or None) if street else (town or "-", None)
    if country == "PL":
        return Address.polish(line1, line2)
    return Address.foreign(country, line1, line2)


def _seller(document: FeeDocument) -> InvoiceParty:
    return InvoiceParty.polish_company(
        nip=document.seller_nip,
        name=document.seller_name,
        address=_address(
            document.seller_street,
            document.seller_postal_code,
            document.seller_city,
            document.seller_country,
        ),
    )


def _buyer(document: FeeDocument) -> InvoiceParty:
    address = _address(
        document.buyer_street,
        document.buyer_postal_code,
        document.buyer_city,
        document.buyer_country,
    )
    if document.buyer_nip and document.buyer_country == "PL":
        return InvoiceParty.polish_company(
            nip=document.buyer_nip, name=document.buyer_name, address=address
        )
    if document.buyer_nip:
        return InvoiceParty.foreign_company(
            identifier=document.buyer_nip,
            country_code=document.buyer_country,
            name=document.buyer_name,
            address=address,
        )
    return InvoiceParty.without_tax_id(
        name=document.buyer_name, address=address, country_code=document.buyer_country
    )


def _tax(rate: Decimal | None, exemption_basis: str) -> TaxCategory:
    if rate is None:
        if not exemption_basis:
            raise KsefError("an exempt line needs the legal basis of the exemption")
        return TaxCategory.exempt(exemption_basis)
    try:
        return _RATES[rate.normalize() if rate else Decimal("0")]()
    except KeyError as error:
        raise KsefError(f"VAT rate {rate} has no FA(3) code here") from error


def _payment(document: FeeDocument) -> PaymentTerms | None:
    if document.gross_total <= 0:
        return None
    return PaymentTerms.transfer(
        due_date=document.due_date,
        bank_account=BankAccount(number=document.seller_bank_account.replace(" ", "")),
    )


def line_states_before(correction: FeeDocument) -> dict[int, FeeDocumentLine]:
    """Each line of the original as it stood before `correction`: net, VAT and gross per position.

    The original's lines plus the differences of the corrections issued before this one.
    """
    original = correction.corrects
    assert original is not None
    states: dict[int, FeeDocumentLine] = {}
    for line in original.lines.all():
        states[line.position] = FeeDocumentLine(
            position=line.position,
            description=line.description,
            quantity=line.quantity,
            unit_net=line.unit_net,
            vat_rate=line.vat_rate,
            net=line.net,
            vat=line.vat,
            gross=line.gross,
        )
    earlier = FeeDocumentLine.objects.filter(
        document__corrects=original, document__sequence__isnull=False
    ).exclude(document=correction)
    if correction.pk is not None:
        earlier = earlier.filter(document__pk__lt=correction.pk)
    for diff in earlier.order_by("document_id", "position"):
        state = states[diff.position]
        state.net += diff.net
        state.vat += diff.vat
        state.gross += diff.gross
        state.unit_net = state.net
    return states


def document_xml(document: FeeDocument) -> bytes:
    """Return the FA(3) XML of a VAT invoice or its correction, validated against the XSD."""
    if not document.is_vat_invoice:
        raise KsefError("only VAT invoices and their corrections go to KSeF")
    lines = list(document.lines.all())
    builder: Any
    if document.kind == FeeDocument.Kind.CORRECTION:
        original = document.corrects
        assert original is not None
        builder = CorrectionInvoiceBuilder(invoice_number=document.number).corrects_invoice(
            number=original.number,
            issue_date=original.issue_date,
            reason=document.correction_reason or "Korekta",
            correction_type=CORRECTION_TYPE,
            ksef_number=original.ksef_reference or None,
        )
        states = line_states_before(document)
        for diff in lines:
            before = states[diff.position]
            tax = _tax(before.vat_rate, document.vat_exemption_basis)
            builder.add_line(
                before.description,
                quantity=1,
                unit_net_price=before.net,
                tax=tax,
                unit="szt",
                before_correction=True,
            )
            builder.add_line(
                before.description,
                quantity=1,
                unit_net_price=before.net + diff.net,
                tax=tax,
                unit="szt",
            )
    else:
        builder = BasicInvoiceBuilder(invoice_number=document.number)
        for line in lines:
            builder.add_service_line(
                line.description,
                quantity=line.quantity,
                unit_net_price=line.unit_net,
                tax=_tax(line.vat_rate, document.vat_exemption_basis),
                unit="szt",
            )
    builder.issued_on(document.issue_date).sale_date(document.sale_date).currency(
        document.currency
    ).seller(_seller(document)).buyer(_buyer(document))
    terms = _payment(document)
    if terms is not None:
        builder.payment(terms)
    try:
        invoice = builder.build()
        xml = _stamp_system(invoice.to_xml(validate=True))
        validate_xml(xml)
    except (ValueError, RuntimeError) as error:
        raise KsefError(str(error)) from error
    _check_totals(xml, document)
    return xml


def _stamp_system(xml: bytes) -> bytes:
    """Name the portal, not the library, as the system that made the document (SystemInfo)."""
    root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    for element in root.iter("{*}SystemInfo"):
        element.text = SYSTEM_INFO
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return result


def _check_totals(xml: bytes, document: FeeDocument) -> None:
    """The XML's amount due (P_15) must be the document's gross total."""
    expected = f"<P_15>{document.gross_total}</P_15>".encode()
    if expected not in xml:
        raise KsefError(f"the XML's total differs from the document's {document.gross_total}")


def validate_xml(xml: bytes) -> None:
    """Validate FA(3) XML against the official XSD shipped in ksef-client; raise KsefError."""
    try:
        validate_fa3_xml_xsd(xml)
    except Exception as error:  # the package raises its own error types and lxml's
        raise KsefError(f"FA(3) XSD: {error}") from error


@dataclass(frozen=True)
class SendRequest:
    """What an online session's "send invoice" call carries: the encrypted invoice and hashes."""

    payload: Any
    invoice_hash: str
    invoice_size: int


def sha256_base64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def send_request(
    xml: bytes, *, key: bytes, iv: bytes, corrected_xml: bytes | None = None
) -> SendRequest:
    """Build the request that sends `xml` in an online session opened with `key` and `iv`.

    A correction carries the hash of the invoice it corrects.
    """
    payload = build_send_invoice_request(
        xml,
        key,
        iv,
        offline_mode=False,
        hash_of_corrected_invoice=sha256_base64(corrected_xml) if corrected_xml else None,
    )
    return SendRequest(payload=payload, invoice_hash=sha256_base64(xml), invoice_size=len(xml))


def sending_enabled() -> bool:
    """KSeF sending needs the installation's setting and token (the profile's switch as well)."""
    return bool(getattr(settings, "KSEF_ENABLED", False) and getattr(settings, "KSEF_TOKEN", ""))


def send(xml: bytes, *, corrected_xml: bytes | None = None) -> str:  # pragma: no cover - network
    """Send one invoice in an online session; return its session reference number.

    Reached only with KSEF_ENABLED and KSEF_TOKEN set: the environments cannot be reached from
    the tests, which cover everything up to `send_request`.
    """
    from ksef_client import KsefClient, KsefClientOptions
    from ksef_client import models as m
    from ksef_client.services import AuthCoordinator, OnlineSessionWorkflow

    if not sending_enabled():
        raise KsefError("KSeF sending is off")
    options = KsefClientOptions(base_url=settings.KSEF_BASE_URL)
    with KsefClient(options) as client:
        token_cert = client.security.get_public_key_certificate_pem(
            m.PublicKeyCertificateUsage.KSEFTOKENENCRYPTION
        )
        access_token = (
            AuthCoordinator(client.auth)
            .authenticate_with_ksef_token(
                token=settings.KSEF_TOKEN,
                public_certificate=token_cert,
                context_identifier_type="nip",
                context_identifier_value=settings.KSEF_NIP,
            )
            .tokens.access_token.token
        )
        symmetric_cert = client.security.get_public_key_certificate_pem(
            m.PublicKeyCertificateUsage.SYMMETRICKEYENCRYPTION
        )
        session = OnlineSessionWorkflow(client.sessions).open_session(
            form_code=m.FormCode(system_code="FA (3)", schema_version="1-0E", value="FA"),
            public_certificate=symmetric_cert,
            access_token=access_token,
        )
        result = session.send_invoice(xml, access_token=access_token)
        session.close(access_token=access_token)
        return str(result.reference_number)
