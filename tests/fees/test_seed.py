"""The demo's fees: a schedule per category and a year's documents of both types, written once."""

import datetime

import pytest
from django.core.management import call_command

from fees.models import BillingProfile, FeeDocument, FeeSchedule
from members.models import Organisation
from tests.factories import UserFactory

from .factories import member

pytestmark = pytest.mark.django_db


def test_seed_fees_issues_invoices_and_debit_notes_once():
    UserFactory(is_coordinator=True)
    company = member(kind=Organisation.Kind.MEDIUM, joined=datetime.date(2020, 1, 1))
    university = member(kind=Organisation.Kind.UNIVERSITY, joined=datetime.date(2020, 1, 1))

    call_command("seed_fees")

    assert BillingProfile.objects.count() == 1
    assert FeeSchedule.objects.count() == len(Organisation.Kind.values)
    invoice = FeeDocument.objects.get(organisation=company)
    note = FeeDocument.objects.get(organisation=university)
    assert (invoice.kind, invoice.vat_total, invoice.gross_total) == ("invoice", 690, 3690)
    assert (note.kind, note.vat_total, note.gross_total) == ("debit_note", 0, 2500)

    call_command("seed_fees")

    assert FeeDocument.objects.count() == 2
    assert FeeSchedule.objects.count() == len(Organisation.Kind.values)
