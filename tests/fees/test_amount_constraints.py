"""The database holds every document's gross to the sum of its net and VAT, to the cent, on
PostgreSQL and on the embedded SQLite (which adds decimals as floating-point numbers)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.factories import active_member

from .payment_factories import issued_document

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("net", "vat"), [("1.07", "0.09"), ("6.07", "1.40"), ("-6.07", "-0.49")])
def test_a_sum_that_floating_point_gets_wrong_is_accepted(net, vat):
    gross = Decimal(net) + Decimal(vat)
    assert float(net) + float(vat) != float(gross)

    document = issued_document(active_member(), gross=str(gross), vat=vat)

    document.refresh_from_db()
    assert document.gross_total == gross


def test_a_gross_a_cent_off_is_refused():
    member = active_member()
    with pytest.raises(IntegrityError), transaction.atomic():
        issued_document(member, gross="1.17", vat="0.09", net_total="1.07")
