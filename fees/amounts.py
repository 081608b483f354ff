"""Money arithmetic of fee documents, stated once: two places, half up (as Polish invoices round).

VAT is computed on each line's net amount and rounded there; a document's totals are the sums of
its lines, so the totals on the PDF, in the XML and in the database always agree.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
# Amounts have two decimal places, so two of them differ by a cent or not at all: "within half a
# cent" is equality on PostgreSQL's exact numerics, and survives SQLite, which adds them as
# floating-point numbers (where 1.07 + 0.09 is 1.1600000000000001, not 1.16).
HALF_CENT = CENT / 2
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def money(value: Decimal) -> Decimal:
    """Round an amount to grosze, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def vat_of(net: Decimal, rate: Decimal | None) -> Decimal:
    """The VAT on a net amount at a rate in percent; none without a rate (exempt, a note)."""
    if rate is None:
        return ZERO
    return money(net * rate / HUNDRED)


def pro_rata_periods(
    *, pro_rata: str, year: int, joined_on: datetime.date | None
) -> tuple[int, int] | None:
    """Return (periods billed, periods in the year) for a member, or None when it owes nothing.

    A member that joined before the year pays the whole year; one that joined during it pays the
    months (or quarters) from the one it joined in, when the schedule says so; one that joins
    after the year owes nothing for it.
    """
    per_year = 4 if pro_rata == "quarterly" else 12
    if joined_on is None or joined_on.year < year:
        return per_year, per_year
    if joined_on.year > year:
        return None
    if pro_rata == "monthly":
        return 12 - joined_on.month + 1, 12
    if pro_rata == "quarterly":
        return 4 - (joined_on.month - 1) // 3, 4
    return per_year, per_year


def pro_rata_amount(amount: Decimal, periods: int, per_year: int) -> Decimal:
    """The share of a yearly amount for `periods` of `per_year`, rounded to grosze."""
    if periods == per_year:
        return money(amount)
    return money(amount * periods / per_year)
