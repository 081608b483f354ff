"""Bank statements read into dataclasses (CAMT.053, MT940); every hostile file refused whole."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from fees.statements import statement_parse

SAMPLES = Path(__file__).parent / "statements"


def _sample(name):
    return (SAMPLES / name).read_bytes()


def _refusal(data):
    with pytest.raises(ValidationError) as caught:
        statement_parse(data)
    return caught.value


@pytest.mark.parametrize("name", ["camt053_pln.xml", "mt940_pln.txt"])
def test_it_reads_the_account_period_and_entries(name):
    statement = statement_parse(_sample(name))

    assert statement.account == "PL61109010140000071219812874"
    assert statement.currency == "PLN"
    assert statement.period_from == datetime.date(2026, 3, 1)
    assert statement.period_to == datetime.date(2026, 3, 31)
    assert [line.amount for line in statement.lines] == [
        Decimal("2460.00"),
        Decimal("1000.00"),
        Decimal("830.00"),
        Decimal("-2000.00"),
    ]
    first = statement.lines[0]
    assert first.title == "Składka członkowska FV/2026/0001"
    assert first.counterparty_account == "PL27114020040000300201355387"
    assert first.counterparty_name.startswith("METALIKA")
    assert first.booking_date == datetime.date(2026, 3, 5)
    assert first.bank_reference == "260305123456789"
    assert all(isinstance(line.amount, Decimal) for line in statement.lines)
    assert len(statement.credit_lines) == 3


def test_camt053_joins_every_unstructured_title_part():
    statement = statement_parse(_sample("camt053_pln.xml"))

    assert statement.lines[1].title == "Opłata roczna 2026 NIP 5842739122"
    assert statement.lines[3].counterparty_name == "Drukarnia Bałtycka"


def test_mt940_in_windows_1250_is_read():
    data = _sample("mt940_pln.txt").decode("utf-8").encode("cp1250")

    statement = statement_parse(data)

    assert statement.lines[0].title == "Składka członkowska FV/2026/0001"


def test_mt940_plain_details_become_the_title():
    statement = statement_parse(_sample("mt940_pln.txt"))

    assert statement.lines[2].title == "Zwrot za bilety konferencja JAN KOWALSKI"
    assert statement.lines[2].counterparty_account == ""


def test_it_refuses_entity_expansion_before_expanding_anything():
    error = _refusal(_sample("camt053_entities.xml"))

    assert error.code == "xml_entities"


def test_it_refuses_an_external_entity():
    data = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&x;</Document>'
    )

    assert _refusal(data).code == "xml_entities"


def test_it_refuses_a_bare_doctype():
    data = b'<?xml version="1.0"?><!DOCTYPE Document><Document/>'

    assert _refusal(data).code == "xml_entities"


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.FEES_STATEMENT_MAX_BYTES = 1000

    error = _refusal(_sample("camt053_pln.xml"))

    assert error.code == "too_large"
    assert "1000" in str(error.message)


@pytest.mark.parametrize("name", ["camt053_eur.xml", "mt940_eur.txt"])
def test_it_refuses_a_statement_in_another_currency(name):
    error = _refusal(_sample(name))

    assert error.code == "currency"
    assert "EUR" in str(error.message)
    assert "nothing was imported" in str(error.message)


def test_it_refuses_an_entry_in_another_currency_on_a_pln_account():
    data = _sample("camt053_pln.xml").replace(b'<Amt Ccy="PLN">830.00', b'<Amt Ccy="USD">830.00')

    error = _refusal(data)

    assert error.code == "currency"


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"<Document><unclosed>", "xml_malformed"),
        (b'<?xml version="1.0"?><html><body>hello</body></html>', "not_camt053"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "format"),
        (b"just some words, no statement", "format"),
    ],
)
def test_it_refuses_what_is_no_statement(data, code):
    assert _refusal(data).code == code


def test_it_refuses_garbage_mt940():
    assert _refusal(_sample("mt940_garbage.txt")).code == "mt940_malformed"


def test_it_refuses_mt940_without_a_closing_balance():
    data = b"\n".join(
        line for line in _sample("mt940_pln.txt").split(b"\n") if not line.startswith(b":62F:")
    )

    assert _refusal(data).code == "mt940_malformed"


def test_mt940_content_naming_a_file_is_not_read_as_a_path(tmp_path):
    path = tmp_path / "statement.txt"
    path.write_bytes(_sample("mt940_pln.txt"))

    # The package would read a string naming an existing file; the upload's content is only text.
    assert _refusal(str(path).encode()).code == "format"


@pytest.mark.parametrize("amount", [b"-5.00", b"abc", b"1.005", b"NaN", b"1e9999", b"0.00"])
def test_it_refuses_an_amount_that_is_no_sum_of_money(amount):
    data = _sample("camt053_pln.xml").replace(b">2460.00</Amt>", b">" + amount + b"</Amt>")

    assert _refusal(data).code == "amount"


def test_it_refuses_a_date_that_is_no_date():
    data = _sample("camt053_pln.xml").replace(b"<Dt>2026-03-05</Dt>", b"<Dt>2026-13-45</Dt>", 1)

    assert _refusal(data).code == "date"


def test_a_pending_or_reversed_camt_entry_is_not_booked():
    data = _sample("camt053_pln.xml").replace(b"<Sts>BOOK</Sts>", b"<Sts>PDNG</Sts>", 1)

    statement = statement_parse(data)

    assert statement.lines[0].booked is False
    assert len(statement.credit_lines) == 2


def test_a_batched_camt_entry_gives_each_transfer_its_own_amount():
    batch = b"""<NtryDtls>
          <TxDtls><AmtDtls><TxAmt><Amt Ccy="PLN">460.00</Amt></TxAmt></AmtDtls>
            <RmtInf><Ustrd>FV/2026/0002</Ustrd></RmtInf></TxDtls>
          <TxDtls><AmtDtls><TxAmt><Amt Ccy="PLN">2000.00</Amt></TxAmt></AmtDtls>
            <RmtInf><Ustrd>FV/2026/0003</Ustrd></RmtInf></TxDtls>
        </NtryDtls>"""
    data = _sample("camt053_pln.xml")
    start = data.index(b"<NtryDtls>")
    end = data.index(b"</NtryDtls>") + len(b"</NtryDtls>")
    data = data[:start] + batch + data[end:]

    statement = statement_parse(data)

    assert [(line.amount, line.title) for line in statement.lines[:2]] == [
        (Decimal("460.00"), "FV/2026/0002"),
        (Decimal("2000.00"), "FV/2026/0003"),
    ]


def test_a_camt_entry_keeps_its_amount_when_the_payer_instructed_another_currency():
    data = _sample("camt053_pln.xml").replace(
        b'<AmtDtls><TxAmt><Amt Ccy="PLN">2460.00</Amt></TxAmt></AmtDtls>',
        b'<AmtDtls><InstdAmt><Amt Ccy="EUR">580.00</Amt></InstdAmt></AmtDtls>',
    )

    statement = statement_parse(data)

    assert statement.lines[0].amount == Decimal("2460.00")
    assert statement.lines[0].currency == "PLN"
