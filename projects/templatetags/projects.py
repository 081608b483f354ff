"""Money as the register shows it: grouped digits, two decimal places and the currency."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(amount, currency="PLN"):
    """Format `amount` in the reader's locale with its currency code, "" for no amount."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(amount).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    # A no-break space keeps the amount and its currency on one line.
    return f"{number_format(value, 2, use_l10n=True, force_grouping=True)}\u00a0{currency}"
