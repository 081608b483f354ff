"""Read bank statements (CAMT.053 XML and MT940) into plain dataclasses, refusing hostile files.

Nothing here touches the database: `statement_parse(data)` returns a `ParsedStatement` or raises a
`ValidationError` with a translated message, and `fees.services.statement_import` stores the result
in one transaction. A file is refused as a whole, never read in part:

- larger than `settings.FEES_STATEMENT_MAX_BYTES`, or with more than `MAX_LINES` entries;
- XML with a document type declaration or an entity declaration (defusedxml refuses it while
  reading the prolog, before any entity could be expanded: "billion laughs", external entities);
- XML that is not a CAMT.053 statement, MT940 text without its mandatory tags;
- an account or an entry in another currency than the portal's documents (`FEES_CURRENCY`, PLN);
- an amount that is not a positive number with at most two decimal places, a date that is no date.

MT940 text is handed to the mt-940 package as a text stream, never as a string: the package reads a
string that names an existing file as a path. Polish banks put the transfer's details in the :86:
field as sub-fields (ZBP standard: "~20".."~25" the title, "~27".."~29" and "~32"/"~33" the payer's
name, "~38" the payer's IBAN); those are read here, as is plain :86: text.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import defusedxml.ElementTree as SafeET
import mt940
from defusedxml import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pycamt.parser import Camt053ParseError, Camt053Parser

FORMAT_CAMT053 = "camt053"
FORMAT_MT940 = "mt940"
# Entries a statement may hold: a cluster's account sees a few hundred transfers a month.
MAX_LINES = 20_000
# Amounts as banks write them: up to ten digits before the decimal point and two after.
MAX_AMOUNT = Decimal("9999999999.99")
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# ZBP :86: sub-fields: "020~00VE01~20title~21title...": three digits, then a separator and two.
ZBP_DETAILS = re.compile(r"^\s*\d{3}([~^?<])\d{2}")
TITLE_SUBFIELDS = ("20", "21", "22", "23", "24", "25", "26")
NAME_SUBFIELDS = ("27", "28", "32", "33")
ACCOUNT_SUBFIELDS = ("38", "31")


@dataclass(frozen=True)
class ParsedLine:
    """One entry of a statement. `amount` is positive for money in, negative for money out."""

    booking_date: datetime.date
    amount: Decimal
    currency: str
    counterparty_name: str
    counterparty_account: str
    title: str
    bank_reference: str
    booked: bool = True

    @property
    def is_credit(self) -> bool:
        return self.amount > 0


@dataclass(frozen=True)
class ParsedStatement:
    """A whole statement: the account, its currency, the period and the entries in order."""

    format: str
    account: str
    currency: str
    period_from: datetime.date | None
    period_to: datetime.date | None
    lines: tuple[ParsedLine, ...]

    @property
    def credit_lines(self) -> tuple[ParsedLine, ...]:
        return tuple(line for line in self.lines if line.is_credit and line.booked)


def _refuse(message: Any, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def statement_parse(data: bytes) -> ParsedStatement:
    """Read a CAMT.053 or MT940 file; refuse it whole when it is hostile, malformed or foreign."""
    limit = int(getattr(settings, "FEES_STATEMENT_MAX_BYTES", 5 * 1024 * 1024))
    if len(data) > limit:
        raise _refuse(
            _("The statement is larger than %(limit)s.") % {"limit": filesizeformat(limit)},
            "too_large",
        )
    if not data.strip():
        raise _refuse(_("The statement file is empty."), "empty")
    statement = _parse_camt053(data) if _looks_like_xml(data) else _parse_mt940(data)
    _check(statement)
    return statement


def _looks_like_xml(data: bytes) -> bool:
    if data.startswith(UTF16_BOMS):
        return True
    return data.removeprefix(UTF8_BOM).lstrip().startswith(b"<")


def _expected_currency() -> str:
    return str(getattr(settings, "FEES_CURRENCY", "PLN"))


def _check(statement: ParsedStatement) -> None:
    """Refuse a statement with no entries' room left, or in another currency than the documents'."""
    if len(statement.lines) > MAX_LINES:
        raise _refuse(
            _("The statement has more than %(count)d entries; split it into smaller files.")
            % {"count": MAX_LINES},
            "too_many_lines",
        )
    expected = _expected_currency()
    currencies = {statement.currency} | {line.currency for line in statement.lines}
    foreign = sorted(currency for currency in currencies if currency != expected)
    if foreign:
        raise _refuse(
            _(
                "The statement is in %(found)s, but fees are invoiced in %(expected)s. "
                "Import the statement of the %(expected)s account; nothing was imported."
            )
            % {"found": ", ".join(foreign), "expected": expected},
            "currency",
        )


def _amount(text: str | None, *, negative: bool = False) -> Decimal:
    cleaned = (text or "").strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal("NaN")
    if (
        not value.is_finite()
        or value <= 0
        or value > MAX_AMOUNT
        or value != value.quantize(Decimal("0.01"))
    ):
        raise _refuse(
            _("The statement holds an amount that is not a valid sum of money: %(amount)s.")
            % {"amount": cleaned[:40] or "—"},
            "amount",
        )
    value = value.quantize(Decimal("0.01"))
    return -value if negative else value


def _date(text: str | None) -> datetime.date:
    value = (text or "").strip()[:10]
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _refuse(
            _("The statement holds a date that is not a valid date: %(date)s.")
            % {"date": value or "—"},
            "date",
        ) from None


def _clean(text: object, length: int = 500) -> str:
    """Return one line of text without control characters, cut to `length`."""
    if text is None:
        return ""
    value = re.sub(r"[\x00-\x1f\x7f]+", " ", str(text))
    return " ".join(value.split())[:length]


def _currency(text: object) -> str:
    value = _clean(text, 10).upper()
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise _refuse(
            _("The statement names no valid currency: %(currency)s.") % {"currency": value or "—"},
            "currency",
        )
    return value


# --- CAMT.053 ---------------------------------------------------------------------------------


def _parse_camt053(data: bytes) -> ParsedStatement:
    try:
        # Read once with defusedxml, which refuses a DTD, an entity declaration or an external
        # reference as soon as the parser meets it, before expanding anything.
        SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise _refuse(
            _(
                "The statement declares a document type or entities, which bank statements never "
                "do; it was refused for safety."
            ),
            "xml_entities",
        ) from None
    except SafeET.ParseError:
        raise _refuse(_("The statement is not well-formed XML."), "xml_malformed") from None
    try:
        parser = Camt053Parser(data)
    except Exception:  # lxml's own errors: the file passed expat but not lxml
        raise _refuse(_("The statement is not well-formed XML."), "xml_malformed") from None
    if "camt.053" not in str(parser.tree.tag):
        raise _refuse(
            _("The XML file is not a CAMT.053 bank statement (ISO 20022 camt.053)."),
            "not_camt053",
        )
    try:
        infos = parser.get_statement_info()
        entries = _camt_entries(parser)
    except (Camt053ParseError, AttributeError, TypeError):
        raise _refuse(
            _("The CAMT.053 file holds no readable statement."), "camt_malformed"
        ) from None
    accounts = {_clean(info.get("IBAN"), 64) for info in infos}
    if len(accounts) != 1:
        raise _refuse(
            _("The statement file holds statements of more than one account; import each apart."),
            "several_accounts",
        )
    statement_currencies = {_clean(info.get("Currency"), 10) for info in infos} - {""}
    lines = tuple(_camt_line(entry) for entry in entries)
    if len(statement_currencies) > 1:
        currency = ", ".join(sorted(statement_currencies))
        raise _refuse(
            _("The statement is in %(found)s, but fees are invoiced in %(expected)s.")
            % {"found": currency, "expected": _expected_currency()},
            "currency",
        )
    if statement_currencies:
        currency = _currency(statement_currencies.pop())
    elif lines:
        currency = lines[0].currency
    else:
        currency = _expected_currency()
    period_from, period_to = _camt_period(parser, infos)
    return ParsedStatement(
        format=FORMAT_CAMT053,
        account=accounts.pop().replace(" ", ""),
        currency=currency,
        period_from=period_from,
        period_to=period_to,
        lines=lines,
    )


def _camt_entries(parser: Camt053Parser) -> list[dict[str, Any]]:
    """Return one dict per transaction: an entry's own amount, or each batched transfer's.

    An entry with one transfer keeps the entry's amount (its details may also hold the amount
    the payer instructed in another currency); an entry that batches several transfers gives each
    the amount of its own `TxAmt`.
    """
    ns = parser.namespaces
    entries: list[dict[str, Any]] = []
    for statement in parser._find_statements_or_reports():  # noqa: SLF001
        for entry in statement.findall(".//Ntry", ns):
            if len(entries) > MAX_LINES:
                return entries
            common = parser._extract_common_entry_data(entry, statement)  # noqa: SLF001
            details = entry.findall(".//NtryDtls//TxDtls", ns)
            if len(details) <= 1:
                extra = (
                    parser._extract_transaction_details(details[0]) if details else {}  # noqa: SLF001
                )
                extra.pop("Amount", None)
                entries.append({**common, **extra})
                continue
            for detail in details:
                extra = parser._extract_transaction_details(detail)  # noqa: SLF001
                amount = detail.find("./AmtDtls/TxAmt/Amt", ns)
                if amount is None:
                    amount = detail.find("./Amt", ns)
                extra["Amount"] = amount.text if amount is not None else None
                extra["Currency"] = amount.attrib.get("Ccy") if amount is not None else None
                indicator = detail.find("./CdtDbtInd", ns)
                if indicator is not None:
                    extra["CreditDebitIndicator"] = indicator.text
                entries.append({**common, **extra})
    return entries


def _camt_line(entry: dict[str, Any]) -> ParsedLine:
    indicator = (entry.get("CreditDebitIndicator") or "").strip().upper()
    if indicator not in {"CRDT", "DBIT"}:
        raise _refuse(
            _("An entry of the statement says neither credit nor debit."), "camt_malformed"
        )
    credit = indicator == "CRDT"
    reversal = (entry.get("ReversalIndicator") or "").strip().lower() == "true"
    status = (entry.get("Status") or "BOOK").strip().upper()
    title = entry.get("RemittanceInformationFull") or entry.get("RemittanceInformation") or ""
    if entry.get("AdditionalRemittanceInformation"):
        title = f"{title} {entry['AdditionalRemittanceInformation']}"
    if not title:
        title = entry.get("AdditionalEntryInformation") or ""
    name = entry.get("DebtorName") if credit else entry.get("CreditorName")
    account = entry.get("DebtorIBAN") if credit else entry.get("CreditorIBAN")
    return ParsedLine(
        booking_date=_date(entry.get("BookingDate") or entry.get("ValueDate")),
        amount=_amount(entry.get("Amount"), negative=not credit),
        currency=_currency(entry.get("Currency")),
        counterparty_name=_clean(name, 200),
        counterparty_account=_clean(account, 64).replace(" ", ""),
        title=_clean(title),
        bank_reference=_clean(entry.get("TransactionID") or entry.get("EndToEndId"), 100),
        booked=status == "BOOK" and not reversal,
    )


def _camt_period(
    parser: Camt053Parser, infos: list[dict[str, Any]]
) -> tuple[datetime.date | None, datetime.date | None]:
    starts: list[datetime.date] = []
    ends: list[datetime.date] = []
    for period in parser.tree.findall(".//Stmt/FrToDt", parser.namespaces):
        start = period.find("FrDtTm", parser.namespaces)
        end = period.find("ToDtTm", parser.namespaces)
        if start is not None and start.text:
            starts.append(_date(start.text))
        if end is not None and end.text:
            ends.append(_date(end.text))
    for info in infos:
        if not starts and info.get("OpeningBalanceDate"):
            starts.append(_date(info["OpeningBalanceDate"]))
        if not ends and info.get("ClosingBalanceDate"):
            ends.append(_date(info["ClosingBalanceDate"]))
    return (min(starts) if starts else None, max(ends) if ends else None)


# --- MT940 ------------------------------------------------------------------------------------


def _decode_mt940(data: bytes) -> str:
    data = data.removeprefix(UTF8_BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Polish banks' MT940 exports are in Windows-1250 when they are not in UTF-8.
        return data.decode("cp1250", errors="replace")


def _parse_mt940(data: bytes) -> ParsedStatement:
    text = _decode_mt940(data).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text or not re.search(r"^:20:", text, re.MULTILINE):
        raise _refuse(
            _("The file is neither a CAMT.053 XML statement nor an MT940 statement."), "format"
        )
    for tag in (":25:", ":60F:", ":62F:"):
        if not re.search(rf"^{re.escape(tag)}", text, re.MULTILINE):
            raise _refuse(
                _("The MT940 statement lacks its mandatory field %(tag)s.") % {"tag": tag},
                "mt940_malformed",
            )
    if len(re.findall(r"^:61:", text, re.MULTILINE)) > MAX_LINES:
        raise _refuse(
            _("The statement has more than %(count)d entries; split it into smaller files.")
            % {"count": MAX_LINES},
            "too_many_lines",
        )
    try:
        # A stream, never a str: mt940.parse reads a str that names an existing file as a path.
        transactions = mt940.parse(io.StringIO(text), processors={"post_transaction_details": []})
    except Exception:  # the package raises plain errors of many kinds on garbage
        raise _refuse(_("The MT940 statement could not be read."), "mt940_malformed") from None
    return _mt940_statement(transactions, text)


def _mt940_balance(transactions: Any, *keys: str) -> Any:
    for key in keys:
        balance = transactions.data.get(key)
        if balance is not None:
            return balance
    return None


def _mt940_statement(transactions: Any, text: str) -> ParsedStatement:
    account = _clean(transactions.data.get("account_identification"), 64).lstrip("/")
    opening = _mt940_balance(transactions, "final_opening_balance", "opening_balance")
    closing = _mt940_balance(transactions, "final_closing_balance", "closing_balance")
    if not account or opening is None or closing is None:
        raise _refuse(_("The MT940 statement could not be read."), "mt940_malformed")
    currency = _currency(getattr(opening.amount, "currency", None))
    if _currency(getattr(closing.amount, "currency", None)) != currency:
        raise _refuse(
            _("The statement's opening and closing balances are in different currencies."),
            "currency",
        )
    lines = []
    for transaction in transactions:
        lines.append(_mt940_line(transaction.data, currency))
    if len(lines) != len(re.findall(r"^:61:", text, re.MULTILINE)):
        raise _refuse(_("The MT940 statement could not be read."), "mt940_malformed")
    return ParsedStatement(
        format=FORMAT_MT940,
        account=account.replace(" ", ""),
        currency=currency,
        period_from=_as_date(opening.date),
        period_to=_as_date(closing.date),
        lines=tuple(lines),
    )


def _as_date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return datetime.date(value.year, value.month, value.day)
    raise _refuse(_("The MT940 statement could not be read."), "mt940_malformed")


def _mt940_line(data: dict[str, Any], currency: str) -> ParsedLine:
    amount = data.get("amount")
    status = str(data.get("status") or "")
    if amount is None or status not in {"C", "D", "RC", "RD"}:
        raise _refuse(_("The MT940 statement could not be read."), "mt940_malformed")
    line_currency = _currency(getattr(amount, "currency", None) or currency)
    # mt940 signs debits itself; the sum is read again from its text to keep Decimal precision.
    value = _amount(str(abs(Decimal(str(amount.amount)))), negative=status in {"D", "RC"})
    details = _mt940_details(str(data.get("transaction_details") or ""))
    booking = data.get("entry_date") or data.get("date")
    references = [
        _clean(data.get("bank_reference"), 100),
        _clean(data.get("customer_reference"), 100),
    ]
    reference = next((ref for ref in references if ref and ref.upper() != "NONREF"), "")
    return ParsedLine(
        booking_date=_as_date(booking),
        amount=value,
        currency=line_currency,
        counterparty_name=details["name"],
        counterparty_account=details["account"],
        title=details["title"],
        bank_reference=reference,
        booked=status in {"C", "D"},
    )


def _mt940_details(details: str) -> dict[str, str]:
    """Split a :86: field into title, payer's name and account (ZBP sub-fields or plain text)."""
    joined = "".join(part.strip("\r") for part in details.split("\n"))
    match = ZBP_DETAILS.match(joined)
    if not match:
        return {"title": _clean(joined), "name": "", "account": ""}
    separator = match.group(1)
    fields: dict[str, list[str]] = {}
    for chunk in joined.split(separator)[1:]:
        key, value = chunk[:2], chunk[2:]
        fields.setdefault(key, []).append(value)

    def joined_fields(keys: tuple[str, ...], glue: str) -> str:
        return glue.join("".join(fields[key]) for key in keys if key in fields)

    account = next((fields[key][0] for key in ACCOUNT_SUBFIELDS if key in fields), "")
    if account and "38" not in fields and "30" in fields:
        account = fields["30"][0] + account  # the bank's sort code, then the account number
    return {
        "title": _clean(joined_fields(TITLE_SUBFIELDS, "")),
        "name": _clean(joined_fields(NAME_SUBFIELDS, " "), 200),
        "account": _clean(account, 64).replace(" ", ""),
    }
