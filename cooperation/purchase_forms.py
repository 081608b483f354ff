"""Forms of joint purchases: a member's commitment, and the organiser's outcome or reason."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PurchaseCommitment

QUANTITY_STEP = Decimal("0.001")
OUTCOME_MAX_LENGTH = 5000


class QuantityField(forms.DecimalField):
    """A decimal number typed with a comma or a point, whatever the page's language.

    A text box, not `type=number`: a browser refuses "2,5" in a number box on an English page.
    """

    widget = forms.TextInput

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "")
            if "," in value and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


class CommitmentForm(forms.Form):
    """An organisation's quantity: a positive decimal number with at most three decimal places."""

    quantity = QuantityField(
        label=_("Quantity"),
        max_digits=PurchaseCommitment._meta.get_field("quantity").max_digits,
        decimal_places=PurchaseCommitment._meta.get_field("quantity").decimal_places,
        min_value=QUANTITY_STEP,
        error_messages={
            "min_value": _("The quantity must be greater than zero."),
            "invalid": _("Enter the quantity as a number, for example 12 or 2.5."),
        },
    )
    note = forms.CharField(
        label=_("Note for the organiser"),
        max_length=PurchaseCommitment._meta.get_field("note").max_length,
        required=False,
        help_text=_("Optional: delivery place, timing, variant."),
    )

    def __init__(self, *args, unit="", **kwargs):
        super().__init__(*args, **kwargs)
        if unit:
            self.fields["quantity"].label = _("Quantity (%(unit)s)") % {"unit": unit}
        self.fields["quantity"].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})


class PurchaseOutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=OUTCOME_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: “Contract signed with supplier X at price Y; deliveries in March.” "
            "Everyone who joined receives it by e-mail."
        ),
    )


class PurchaseCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=OUTCOME_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone who joined receives it by e-mail."),
    )
