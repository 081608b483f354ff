"""Labels of fee documents in Polish with the member's language beside them.

A document is in Polish (the law's language); when the member reads another language, each label
is followed by the same label in that language: "Sprzedawca / Seller".
"""

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()

LABELS = {
    "invoice": _("VAT invoice"),
    # Translators: "nota obciążeniowa" in Polish: a charge outside VAT.
    "debit_note": _("Debit note"),
    "invoice_correction": _("Correcting VAT invoice"),
    "debit_note_correction": _("Correcting debit note"),
    "number": _("Number"),
    "issue_date": _("Issue date"),
    "sale_date": _("Date of supply"),
    "due_date": _("Due date"),
    "seller": _("Seller"),
    "buyer": _("Buyer"),
    "creditor": _("Creditor"),
    "debtor": _("Debtor"),
    "nip": _("NIP"),
    "position": _("No."),
    "description": _("Description"),
    "quantity": _("Quantity"),
    "unit_net": _("Unit price"),
    "net": _("Net"),
    "vat_rate": _("VAT rate"),
    "vat": _("VAT"),
    "gross": _("Gross"),
    "amount": _("Amount"),
    "vat_summary": _("VAT summary"),
    "total": _("Total"),
    "exempt": _("exempt"),
    "exemption_basis": _("Basis of the VAT exemption"),
    "outside_vat": _("Outside the scope of VAT: a membership fee charged with a debit note."),
    "amount_due": _("Amount due"),
    "amount_refund": _("Amount to be returned"),
    "bank_account": _("Bank account"),
    "payment_title": _("Transfer title"),
    "corrects": _("Corrects document"),
    "of_date": _("issued on"),
    "reason": _("Reason for the correction"),
    "difference": _("Difference"),
    "ksef_note": _("This invoice is issued in the National e-Invoice System (KSeF)."),
}


def _in(language, key):
    with translation.override(language):
        return str(LABELS[key])


@register.simple_tag(takes_context=True)
def label(context, key):
    """Render a label in Polish and, for a member reading another language, in that one too."""
    polish = _in("pl", key)
    second = context.get("second_language")
    if not second or second == "pl":
        return polish
    other = _in(second, key)
    if other == polish:
        return polish
    return format_html('{} <span class="second" lang="{}">/ {}</span>', polish, second, other)
