"""Fee documents as the billing part issues them, for the payments part's tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from fees.models import FeeDocument

_sequence = {"n": 0}


def issued_document(organisation, *, gross="1230.00", vat="230.00", due_in=14, **fields):
    """Create an issued VAT invoice of `organisation`, due in `due_in` days (negative: overdue)."""
    _sequence["n"] += 1
    today = timezone.localdate()
    gross = Decimal(gross)
    vat = Decimal(vat)
    year = fields.pop("year", today.year)
    sequence = fields.pop("sequence", _sequence["n"] + 100)
    series = fields.pop("series", "FV")
    values = {
        "kind": FeeDocument.Kind.INVOICE,
        "series": series,
        "year": year,
        "sequence": sequence,
        "number": f"{series}/{year}/{sequence:04d}",
        "organisation": organisation,
        "buyer_name": organisation.name,
        "buyer_nip": organisation.nip,
        "seller_name": "Pomorski Klaster Przemysłowy",
        "seller_street": "ul. Długa 1",
        "seller_postal_code": "80-001",
        "seller_city": "Gdańsk",
        "seller_nip": "5842739122",
        "seller_bank_account": "PL61109010140000071219812874",
        "issue_date": today - datetime.timedelta(days=30),
        "sale_date": today - datetime.timedelta(days=30),
        "due_date": today + datetime.timedelta(days=due_in),
        "net_total": gross - vat,
        "vat_total": vat,
        "gross_total": gross,
    }
    values.update(fields)
    return FeeDocument.objects.create(**values)
