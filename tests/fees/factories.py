"""Factories of the fees app, shared by the billing and payments tests.

Documents are issued through the services (a billing run or `issue_documents`), so that their
numbers, lines and totals are what the portal makes; `payment_factories.issued_document` makes a
bare document row for tests that need only its amounts.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from fees import ksef, services
from fees.models import BillingProfile, BillingRun, FeeDocument, FeeSchedule
from members.models import Organisation
from members.validators import nip_with_check_digit
from tests.factories import active_member

SELLER_NIP = "5842739122"
SELLER_ACCOUNT = "PL61109010140000071219812874"


def _fa3_nips():
    """NIPs the FA(3) schema takes (its pattern refuses "10" and "0" openings real NIPs lack)."""
    number = 526_100_000
    while True:
        number += 1
        nip = nip_with_check_digit(str(number))
        if nip:
            yield nip


_nips = _fa3_nips()


def member(*, kind=Organisation.Kind.SMALL, joined=datetime.date(2024, 5, 1), **fields):
    """An active member with a real-looking NIP and address, that joined on `joined`."""
    values = {
        "nip": next(_nips),
        "street": "ul. Przemysłowa 7",
        "postal_code": "81-300",
        "city": "Gdynia",
        **fields,
    }
    organisation = active_member(kind=kind, **values)
    organisation.joined_on = joined
    organisation.save()
    return organisation


class BillingProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BillingProfile

    name = "Pomorski Klaster Przemysłowy sp. z o.o."
    street = "ul. Długa 1"
    postal_code = "80-001"
    city = "Gdańsk"
    nip = SELLER_NIP
    bank_account = SELLER_ACCOUNT
    bank_name = "Bank Przykładowy S.A."


class FeeScheduleFactory(factory.django.DjangoModelFactory):
    """A 23% VAT invoice of 1000.00 PLN net for small enterprises, this year."""

    class Meta:
        model = FeeSchedule

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    category = Organisation.Kind.SMALL
    name = "Składka członkowska"
    name_pl = "Składka członkowska"
    name_en = "Membership fee"
    name_de = "Mitgliedsbeitrag"
    amount = Decimal("1000.00")
    document_kind = FeeSchedule._meta.get_field("document_kind").default
    vat_rate = Decimal("23.00")
    due_days = 14
    pro_rata = FeeSchedule.ProRata.NONE


def debit_note_schedule(**fields):
    """A debit note of 500.00 PLN (outside VAT) for universities."""
    values = {
        "category": Organisation.Kind.UNIVERSITY,
        "document_kind": "debit_note",
        "vat_rate": None,
        "amount": Decimal("500.00"),
        **fields,
    }
    return FeeScheduleFactory(**values)


def exempt_schedule(**fields):
    values = {
        "category": Organisation.Kind.NGO,
        "vat_rate": None,
        "vat_exemption_basis": "art. 43 ust. 1 pkt 31 ustawy o VAT",
        **fields,
    }
    return FeeScheduleFactory(**values)


def billing_run_done(*, coordinator, year=None, issue_date=None):
    """Preview, confirm and issue a year's run in this process; return the run."""
    year = year or timezone.localdate().year
    run = services.billing_run_preview(
        year=year, issue_date=issue_date or timezone.localdate(), actor=coordinator
    )
    services.billing_run_confirm(run=run, actor=coordinator)
    services.billing_run_issue(run_id=run.pk)
    return BillingRun.objects.get(pk=run.pk)


def issue_document(organisation, *, coordinator, schedule=None):
    """Issue one member's document by a run of its own and return it."""
    schedule = schedule or FeeScheduleFactory(category=organisation.kind)
    run = billing_run_done(coordinator=coordinator, year=schedule.year)
    return FeeDocument.objects.get(billing_run=run, organisation=organisation)


def render_files(document):
    """Render a document's PDF and XML as the task would; return the fresh document."""
    services.fee_document_render(document_id=document.pk)
    return FeeDocument.objects.get(pk=document.pk)


def assert_valid_fa3(xml):
    """Every FA(3) document the tests produce goes through here: the official XSD must pass."""
    assert xml.startswith(b"<?xml")
    ksef.validate_xml(xml)
    return xml


def document_xml(document):
    """The FA(3) XML of a document, validated against the XSD."""
    return assert_valid_fa3(ksef.document_xml(document))


def days(n):
    return datetime.timedelta(days=n)
