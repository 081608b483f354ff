"""Forms of the coordinator's fees pages: billing profile, schedules, runs, documents."""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import translated_field_names, translations_label

from .ksef import SUPPORTED_RATES
from .models import BillingProfile, DocumentKind, FeeDocument, FeeSchedule

EXEMPT = "zw"


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BillingProfileForm(forms.ModelForm):
    # Longer than the columns: a NIP typed with dashes and an IBAN with spaces are normalised.
    nip = forms.CharField(label=_("NIP"), max_length=16)
    bank_account = forms.CharField(label=_("bank account (IBAN)"), max_length=48)

    class Meta:
        model = BillingProfile
        fields = [
            "name",
            "street",
            "postal_code",
            "city",
            "country",
            "nip",
            "bank_account",
            "bank_name",
            "email",
            "invoice_prefix",
            "debit_note_prefix",
            "correction_prefix",
            "debit_note_correction_prefix",
            "ksef_enabled",
        ]

    def clean_nip(self):
        nip = self.cleaned_data["nip"].replace("-", "").replace(" ", "")
        if not (nip.isdigit() and len(nip) == 10):
            raise forms.ValidationError(_("A NIP has 10 digits."))
        return nip

    def clean_bank_account(self):
        account = self.cleaned_data["bank_account"].replace(" ", "").upper()
        if account.isdigit():
            account = f"PL{account}"
        if not (15 <= len(account) <= 34 and account[:2].isalpha() and account[2:].isalnum()):
            raise forms.ValidationError(_("Enter the account number as an IBAN."))
        return account

    def clean_country(self):
        country = self.cleaned_data["country"].upper()
        if not (len(country) == 2 and country.isalpha()):
            raise forms.ValidationError(_("Enter a two-letter country code, e.g. PL."))
        return country


def _vat_choices():
    return [
        *((f"{rate:.2f}", f"{rate.normalize()}%") for rate in SUPPORTED_RATES),
        (EXEMPT, _("exempt from VAT")),
    ]


class FeeScheduleForm(forms.ModelForm):
    vat = forms.ChoiceField(
        label=_("VAT"),
        choices=_vat_choices,
        required=False,
        help_text=_("For VAT invoices; a debit note is outside VAT."),
    )

    class Meta:
        model = FeeSchedule
        fields = [
            "year",
            "category",
            *translated_field_names("name"),
            "amount",
            "currency",
            "document_kind",
            "vat_exemption_basis",
            "due_days",
            "pro_rata",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "name")
        self.fields["name_pl"].required = True
        self.fields["year"].min_value = 2000
        self.fields["due_days"].max_value = 365
        instance = self.instance
        if instance.pk is not None:
            self.initial["vat"] = EXEMPT if instance.vat_rate is None else str(instance.vat_rate)
        elif not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)
            self.initial.setdefault("vat", str(Decimal("23.00")))

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("The amount must be above zero."))
        return amount

    def clean_currency(self):
        currency = self.cleaned_data["currency"].upper()
        if currency != "PLN":
            raise forms.ValidationError(_("Fees are charged in PLN."))
        return currency

    def _vat_rate(self):
        vat = self.cleaned_data.get("vat") or EXEMPT
        is_invoice = self.cleaned_data.get("document_kind") == DocumentKind.INVOICE
        return Decimal(vat) if is_invoice and vat != EXEMPT else None

    def clean(self):
        cleaned = super().clean()
        # The model's checks (a debit note has no VAT rate) see the rate the form chose.
        self.instance.vat_rate = self._vat_rate()
        return cleaned

    def service_data(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["vat_rate"] = self._vat_rate()
        return data


class BillingRunForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    issue_date = forms.DateField(
        label=_("Issue date"), widget=_date_input(), input_formats=["%Y-%m-%d"]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("issue_date", today)

    def clean_issue_date(self):
        issue_date = self.cleaned_data["issue_date"]
        if issue_date < timezone.localdate() - datetime.timedelta(days=31):
            raise forms.ValidationError(_("An issue date cannot be more than a month ago."))
        return issue_date


class DocumentFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Every type")), *DocumentKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Every status")), *FeeDocument.Status.choices],
    )
    q = forms.CharField(label=_("Number or member"), required=False, max_length=100)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Every year")), *((y, y) for y in years)]

    def values(self):
        if not self.is_valid():
            return {"year": None, "kind": "", "status": "", "query": ""}
        data = self.cleaned_data
        return {
            "year": data.get("year"),
            "kind": data.get("kind") or "",
            "status": data.get("status") or "",
            "query": data.get("q") or "",
        }


class CorrectionForm(forms.Form):
    """New amounts for the lines of a document (net for an invoice, the total for a note)."""

    reason = forms.CharField(label=_("Reason for the correction"), max_length=255)
    issue_date = forms.DateField(
        label=_("Issue date"), widget=_date_input(), input_formats=["%Y-%m-%d"]
    )

    def __init__(self, *args, lines, is_debit_note, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("issue_date", timezone.localdate())
        self.lines = lines
        for line in lines:
            label = (
                _("New amount of line %(position)s: %(description)s")
                if is_debit_note
                else _("New net amount of line %(position)s: %(description)s")
            )
            self.fields[f"line_{line.position}"] = forms.DecimalField(
                label=label % {"position": line.position, "description": line.description},
                max_digits=12,
                decimal_places=2,
                min_value=Decimal("0.00"),
                initial=line.net,
            )

    def amounts(self):
        return {line.position: self.cleaned_data[f"line_{line.position}"] for line in self.lines}
