"""The coordinator's payments pages: payments, statements (upload, lines matched or ignored by
hand), arrears and the bookkeeper's exports."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fees.models import BankStatement, FeeDocument, Payment, StatementLine
from tests.factories import active_member

from .payment_factories import issued_document

pytestmark = pytest.mark.django_db
PANEL = "/en/panel/fees/"
SAMPLES = Path(__file__).parent / "statements"


@pytest.fixture
def owing(db):
    member = active_member(name="METALIKA sp. z o.o.")
    return issued_document(member, gross="2460.00", vat="460.00", year=2026, sequence=1, due_in=-40)


@pytest.mark.parametrize(
    "path", ["payments/", "payments/new/", "statements/", "arrears/", "exports/"]
)
def test_the_pages_answer_the_coordinator_and_refuse_others(
    path, client_for, coordinator, representative, owing
):
    assert client_for(coordinator).get(PANEL + path).status_code == 200
    assert client_for(representative).get(PANEL + path).status_code == 403
    assert client_for(None).get(PANEL + path).status_code == 302


def test_the_coordinator_records_a_payment(client_for, coordinator, owing):
    response = client_for(coordinator).post(
        PANEL + "payments/new/",
        {
            "organisation": owing.organisation_id,
            "amount": "1000.00",
            "paid_on": datetime.date.today().isoformat(),
            "title": "FV/2026/0001 część",
            "documents": [owing.pk],
        },
    )

    payment = Payment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/payments/{payment.pk}/")
    owing.refresh_from_db()
    assert owing.status == FeeDocument.Status.PARTIALLY_PAID
    detail = client_for(coordinator).get(response["Location"])
    assert "FV/2026/0001" in detail.content.decode()


def test_a_negative_payment_is_refused_by_the_form(client_for, coordinator, owing):
    response = client_for(coordinator).post(
        PANEL + "payments/new/",
        {
            "organisation": owing.organisation_id,
            "amount": "-5",
            "paid_on": datetime.date.today().isoformat(),
        },
    )

    assert response.status_code == 200
    assert not Payment.objects.exists()


def test_the_coordinator_uploads_a_statement_and_sees_its_lines(client_for, coordinator, owing):
    with (SAMPLES / "camt053_pln.xml").open("rb") as upload:
        response = client_for(coordinator).post(PANEL + "statements/", {"file": upload})

    statement = BankStatement.objects.get()
    assert response.status_code == 302
    page = client_for(coordinator).get(response["Location"]).content.decode()
    assert "Składka członkowska FV/2026/0001" in page
    assert statement.matched_count == 1
    owing.refresh_from_db()
    assert owing.status == FeeDocument.Status.PAID


@pytest.mark.parametrize(
    "name, message",
    [
        ("camt053_entities.xml", "document type or entities"),
        ("camt053_eur.xml", "nothing was imported"),
        ("mt940_garbage.txt", "could not be read"),
    ],
)
def test_a_hostile_statement_shows_a_clear_error_and_stores_nothing(
    name, message, client_for, coordinator, owing
):
    with (SAMPLES / name).open("rb") as upload:
        response = client_for(coordinator).post(PANEL + "statements/", {"file": upload})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BankStatement.objects.exists()
    assert not StatementLine.objects.exists()


def test_a_huge_statement_is_refused(client_for, coordinator, settings):
    settings.FEES_STATEMENT_MAX_BYTES = 1024
    upload = io.BytesIO(b"<" + b"x" * 4096)
    upload.name = "huge.xml"

    response = client_for(coordinator).post(PANEL + "statements/", {"file": upload})

    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert not BankStatement.objects.exists()


def test_the_coordinator_matches_and_ignores_lines_by_hand(client_for, coordinator, owing):
    with (SAMPLES / "camt053_pln.xml").open("rb") as upload:
        client_for(coordinator).post(PANEL + "statements/", {"file": upload})
    statement = BankStatement.objects.get()
    refund = statement.lines.get(position=3)
    second = issued_document(owing.organisation, gross="830.00", vat="0.00")
    client = client_for(coordinator)
    url = f"{PANEL}statements/{statement.pk}/lines/{refund.pk}/match/"

    assert client.get(url).status_code == 200
    response = client.post(url, {"organisation": owing.organisation_id, "documents": [second.pk]})

    assert response.status_code == 302
    refund.refresh_from_db()
    second.refresh_from_db()
    assert refund.status == StatementLine.Status.MATCHED
    assert second.status == FeeDocument.Status.PAID
    debit = statement.lines.get(position=4)
    ignored = client.post(f"{PANEL}statements/{statement.pk}/lines/{debit.pk}/ignore/")
    assert ignored.status_code == 302
    assert client.get(f"{PANEL}statements/{statement.pk}/file/").status_code == 200


def test_a_line_of_another_statement_answers_404(client_for, coordinator, owing):
    with (SAMPLES / "camt053_pln.xml").open("rb") as upload:
        client_for(coordinator).post(PANEL + "statements/", {"file": upload})
    line = StatementLine.objects.get(position=3)

    response = client_for(coordinator).post(
        f"{PANEL}statements/{line.statement_id + 1}/lines/{line.pk}/ignore/"
    )

    assert response.status_code == 404


def test_the_arrears_list_orders_by_days_overdue_and_totals(client_for, coordinator, owing):
    other = active_member(name="Beta sp. z o.o.")
    issued_document(other, gross="100.00", vat="0.00", due_in=-3)
    issued_document(other, gross="50.00", vat="0.00", due_in=5)

    response = client_for(coordinator).get(PANEL + "arrears/")
    page = response.content.decode()

    arrears = response.context["arrears"]
    assert [row["days_overdue"] for row in arrears["rows"]] == [40, 3]
    assert arrears["total"] == Decimal("2560.00")
    assert arrears["organisations"] == 2
    assert "2560.00" in page
    assert (
        client_for(coordinator)
        .get(PANEL + "arrears/", {"min_days": 30})
        .context["arrears"]["count"]
        == 1
    )


def test_the_bookkeeper_gets_documents_and_payments_in_xlsx_and_csv(client_for, coordinator, owing):
    client = client_for(coordinator)
    client.post(
        PANEL + "payments/new/",
        {
            "organisation": owing.organisation_id,
            "amount": "3000.00",
            "paid_on": datetime.date.today().isoformat(),
            "title": '=HYPERLINK("http://evil")',
        },
    )
    today = datetime.date.today()
    period = {"start": (today - datetime.timedelta(days=365)).isoformat(), "end": today.isoformat()}

    documents = client.get(PANEL + "exports/", {"kind": "documents", "format": "xlsx", **period})
    payments_csv = client.get(PANEL + "exports/", {"kind": "payments", "format": "csv", **period})

    sheet = load_workbook(io.BytesIO(documents.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "FV/2026/0001"
    text = payments_csv.content.decode("utf-8-sig")
    assert "3000,00" in text
    assert "540,00" in text  # the credit
    assert "'=HYPERLINK" in text
    assert payments_csv["Content-Disposition"].startswith("attachment;")


def test_an_export_over_a_backwards_period_is_refused(client_for, coordinator):
    response = client_for(coordinator).get(
        PANEL + "exports/",
        {"kind": "documents", "format": "csv", "start": "2026-02-01", "end": "2026-01-01"},
    )

    assert response.status_code == 200
    assert "must end after it starts" in response.content.decode()


def test_the_coordinator_allocates_a_payments_credit_on_its_page(client_for, coordinator, owing):
    client = client_for(coordinator)
    other = issued_document(owing.organisation, gross="500.00", vat="0.00", year=2026, sequence=2)
    # Paid for the other document only: 2,500 of credit is left for the coordinator to give.
    client.post(
        PANEL + "payments/new/",
        {
            "organisation": owing.organisation_id,
            "amount": "3000.00",
            "paid_on": datetime.date.today().isoformat(),
            "title": "FV/2026/0002 i nadpłata",
            "documents": [other.pk],
        },
    )
    payment = Payment.objects.get()
    foreign = issued_document(active_member(name="Inna S.A."), gross="100.00", vat="0.00")

    page = client.get(f"{PANEL}payments/{payment.pk}/").content.decode()
    refused = client.post(f"{PANEL}payments/{payment.pk}/allocate/", {"document": foreign.pk})
    missing = client.post(f"{PANEL}payments/{payment.pk}/allocate/", {"document": "x"})
    response = client.post(f"{PANEL}payments/{payment.pk}/allocate/", {"document": owing.pk})

    assert f'action="/en/panel/fees/payments/{payment.pk}/allocate/"' in page
    assert "FV/2026/0001" in page
    assert (refused.status_code, missing.status_code) == (404, 404)
    assert response.status_code == 302
    owing.refresh_from_db()
    assert owing.status == FeeDocument.Status.PAID
    assert (
        "The payment is allocated to FV/2026/0001."
        in client.get(response["Location"]).content.decode()
    )


def test_a_document_paid_to_the_grosz_after_a_correction_is_not_in_arrears():
    from fees.selectors import arrears, fees_attention

    organisation = active_member(name="Rozliczona sp. z o.o.")
    invoice = issued_document(
        organisation,
        gross="5.03",
        vat="0.94",
        due_in=-10,
        paid_total=Decimal("3.63"),
        status=FeeDocument.Status.PARTIALLY_PAID,
    )
    # 5.03 - 1.40 - 3.63 is 4.4e-16 in floating point, as the embedded SQLite computes it.
    issued_document(
        organisation,
        gross="-1.40",
        vat="-0.26",
        series="FK",
        kind=FeeDocument.Kind.CORRECTION,
        corrects=invoice,
    )
    owing = issued_document(organisation, gross="0.01", vat="0.00", due_in=-10)

    today = datetime.date.today()
    assert [row["document"] for row in arrears(on=today)["rows"]] == [owing]
    assert fees_attention(on=today)["outstanding"] == Decimal("0.01")
