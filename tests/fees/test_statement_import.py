"""Importing statements: stored whole and once, matched by number, then by amount and payer;
hostile or foreign files refused with nothing stored; unmatched lines matched or ignored by hand."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEntry
from fees import payments
from fees.models import BankStatement, FeeDocument, Payment, StatementLine
from tests.factories import UserFactory, active_member

from .payment_factories import issued_document

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "statements"
METALIKA_NIP = "5213000001"
LTPP_NIP = "5842739122"


def _upload(name, data=None):
    content = data if data is not None else (SAMPLES / name).read_bytes()
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def coordinator():
    return UserFactory(is_coordinator=True)


@pytest.fixture
def billed(settings):
    """METALIKA owes FV/2026/0001 (2460.00); LTPP owes 1000.00 on another invoice."""
    metalika = active_member(name="METALIKA sp. z o.o.", nip="5252248481")
    ltpp = active_member(name="Laboratorium Technik Precyzyjnych", nip=LTPP_NIP)
    first = issued_document(metalika, gross="2460.00", vat="460.00", year=2026, sequence=1)
    second = issued_document(ltpp, gross="1000.00", vat="0.00", year=2026, sequence=2)
    return {"metalika": metalika, "ltpp": ltpp, "first": first, "second": second}


@pytest.mark.parametrize("name", ["camt053_pln.xml", "mt940_pln.txt"])
def test_it_imports_a_statement_and_matches_by_number_then_by_amount_and_nip(
    name, coordinator, billed
):
    statement = payments.statement_import(upload=_upload(name), actor=coordinator)

    lines = list(statement.lines.order_by("position"))
    assert [line.status for line in lines] == ["matched", "matched", "unmatched", "ignored"]
    assert lines[0].matched_by == StatementLine.MatchedBy.NUMBER
    assert lines[1].matched_by == StatementLine.MatchedBy.AMOUNT_NIP
    billed["first"].refresh_from_db()
    billed["second"].refresh_from_db()
    assert billed["first"].status == FeeDocument.Status.PAID
    assert billed["second"].status == FeeDocument.Status.PAID
    assert lines[0].payment.organisation == billed["metalika"]
    assert (statement.line_count, statement.matched_count) == (4, 2)
    assert (statement.unmatched_count, statement.ignored_count) == (1, 1)
    assert AuditEntry.objects.filter(action="statement.imported", actor=coordinator).exists()
    assert AuditEntry.objects.filter(action="statement_line.matched").count() == 2


def test_a_file_is_imported_once(coordinator, billed):
    payments.statement_import(upload=_upload("camt053_pln.xml"), actor=coordinator)

    with pytest.raises(ValidationError) as caught:
        payments.statement_import(upload=_upload("camt053_pln.xml"), actor=coordinator)

    assert caught.value.code == "duplicate"
    assert BankStatement.objects.count() == 1
    assert Payment.objects.count() == 2


def test_a_payer_known_by_account_is_matched_by_amount(coordinator, billed):
    payments.payment_record(
        organisation=billed["ltpp"],
        amount=Decimal("1.00"),
        paid_on=billed["second"].issue_date,
        payer_account="PL10105000997603123456789123",
        actor=coordinator,
        documents=[billed["second"]],
    )
    data = (SAMPLES / "camt053_pln.xml").read_bytes().replace(b"NIP 5842739122", b"roczna")
    data = data.replace(b">1000.00<", b">999.00<")

    statement = payments.statement_import(upload=_upload("x.xml", data), actor=coordinator)

    line = statement.lines.get(position=2)
    assert line.status == StatementLine.Status.MATCHED
    assert line.matched_by == StatementLine.MatchedBy.AMOUNT_NIP


def test_a_known_payer_with_another_amount_waits_for_the_coordinator(coordinator, billed):
    data = (SAMPLES / "camt053_pln.xml").read_bytes().replace(b">1000.00<", b">400.00<")

    statement = payments.statement_import(upload=_upload("x.xml", data), actor=coordinator)

    assert statement.lines.get(position=2).status == StatementLine.Status.UNMATCHED


def test_an_overpayment_by_number_leaves_credit(coordinator, billed):
    data = (SAMPLES / "camt053_pln.xml").read_bytes().replace(b">2460.00<", b">3000.00<")

    statement = payments.statement_import(upload=_upload("x.xml", data), actor=coordinator)

    payment = statement.lines.get(position=1).payment
    assert payments.payment_unallocated(payment) == Decimal("540.00")
    billed["first"].refresh_from_db()
    assert billed["first"].status == FeeDocument.Status.PAID


def test_the_coordinator_matches_an_unmatched_line_by_hand(coordinator, billed):
    statement = payments.statement_import(upload=_upload("camt053_pln.xml"), actor=coordinator)
    line = statement.lines.get(position=3)
    third = issued_document(billed["metalika"], gross="830.00", vat="0.00")

    payment = payments.statement_line_match(
        line=line, organisation=billed["metalika"], documents=[third], actor=coordinator
    )

    line.refresh_from_db()
    third.refresh_from_db()
    assert line.status == StatementLine.Status.MATCHED
    assert line.matched_by == StatementLine.MatchedBy.MANUAL
    assert payment.organisation == billed["metalika"]
    assert third.status == FeeDocument.Status.PAID
    statement.refresh_from_db()
    assert statement.unmatched_count == 0

    with pytest.raises(ValidationError):
        payments.statement_line_match(line=line, organisation=billed["metalika"], actor=coordinator)


def test_the_coordinator_ignores_an_unmatched_line(coordinator, billed):
    statement = payments.statement_import(upload=_upload("camt053_pln.xml"), actor=coordinator)
    line = statement.lines.get(position=3)

    payments.statement_line_ignore(line=line, actor=coordinator)

    line.refresh_from_db()
    assert line.status == StatementLine.Status.IGNORED
    assert AuditEntry.objects.filter(action="statement_line.ignored").exists()


def test_a_large_statement_is_matched_by_the_task(coordinator, billed, settings):
    settings.FEES_STATEMENT_INLINE_LINES = 1

    with pytest.MonkeyPatch.context():
        statement = payments.statement_import(upload=_upload("camt053_pln.xml"), actor=coordinator)

    # Tasks run eagerly in tests, on commit of the import.
    assert statement.lines.filter(status=StatementLine.Status.UNMATCHED).count() >= 1


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("camt053_entities.xml", None, "xml_entities"),
        ("camt053_eur.xml", None, "currency"),
        ("mt940_eur.txt", None, "currency"),
        ("mt940_garbage.txt", None, "mt940_malformed"),
        ("big.xml", b"<" + b"a" * (6 * 1024 * 1024), "too_large"),
        ("bad.xml", b"<?xml version='1.0'?><Document><Stmt>", "xml_malformed"),
    ],
)
def test_a_hostile_or_foreign_statement_is_refused_and_nothing_is_stored(
    name, data, code, coordinator, billed
):
    with pytest.raises(ValidationError) as caught:
        payments.statement_import(upload=_upload(name, data), actor=coordinator)

    assert caught.value.code == code
    assert not BankStatement.objects.exists()
    assert not StatementLine.objects.exists()
    assert not Payment.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="statement").exists()


def test_a_statement_failing_half_way_stores_nothing(coordinator, billed):
    # The third entry's amount is no sum of money: the two before it must not be stored either.
    data = (SAMPLES / "camt053_pln.xml").read_bytes().replace(b">830.00<", b">8.3.0<")

    with pytest.raises(ValidationError):
        payments.statement_import(upload=_upload("x.xml", data), actor=coordinator)

    assert not StatementLine.objects.exists()
    billed["first"].refresh_from_db()
    assert billed["first"].paid_total == Decimal("0.00")
