"""Forms of the coordinator's payments pages: a payment by hand, a statement upload, matching a
line by hand, the arrears filter and the bookkeeper's export."""

import datetime

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organisation

from .models import FeeDocument, Payment

OPEN_STATUSES = (FeeDocument.Status.ISSUED, FeeDocument.Status.PARTIALLY_PAID)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return (
            f"{obj.number} · {obj.buyer_name} · {obj.gross_total - obj.paid_total} {obj.currency}"
        )


def _open_documents():
    return (
        FeeDocument.objects.filter(status__in=OPEN_STATUSES, gross_total__gt=0)
        .select_related("organisation")
        .order_by("organisation__name", "due_date", "pk")
    )


def _organisations():
    return Organisation.objects.exclude(status=Organisation.Status.APPLICANT).order_by("name")


class PaymentForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects)
    documents = DocumentChoices(
        label=_("Documents paid"),
        queryset=FeeDocument.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Leave empty to settle the organisation's open documents, the oldest due first. "
            "What is left over stays as the member's credit."
        ),
    )

    class Meta:
        model = Payment
        fields = ["organisation", "amount", "paid_on", "payer_account", "title", "note"]
        widgets = {
            "paid_on": _date_input(),
            "title": forms.TextInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()
        self.fields["documents"].queryset = _open_documents()
        self.fields["amount"].min_value = 0
        self.fields["paid_on"].initial = timezone.localdate()

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("A payment is a positive amount."))
        return amount


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement (CAMT.053 XML or MT940)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.txt,.sta,.mt940,.940"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.FEES_STATEMENT_MAX_BYTES
        self.fields["file"].help_text = _(
            "At most %(limit)s, in PLN. A file is imported once; its credits are matched to "
            "documents by number, then by amount and the payer's NIP."
        ) % {"limit": filesizeformat(limit)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.FEES_STATEMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("The statement is larger than %(limit)s.")
                % {"limit": filesizeformat(settings.FEES_STATEMENT_MAX_BYTES)}
            )
        return upload


class LineMatchForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Paid by"), queryset=Organisation.objects)
    documents = DocumentChoices(
        label=_("Documents paid"),
        queryset=FeeDocument.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Leave empty to settle the organisation's open documents, oldest due first."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()
        self.fields["documents"].queryset = _open_documents()

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        for document in cleaned.get("documents") or ():
            if organisation is not None and document.organisation_id != organisation.pk:
                raise forms.ValidationError(
                    _("Document %(number)s was issued to another organisation.")
                    % {"number": document.number}
                )
        return cleaned


class ArrearsForm(forms.Form):
    min_days = forms.IntegerField(
        label=_("Overdue by more than (days)"), min_value=0, max_value=3650, required=False
    )


class ExportForm(forms.Form):
    KINDS = [("documents", _("Documents issued")), ("payments", _("Payments received"))]
    FORMATS = [("xlsx", _("Excel (XLSX)")), ("csv", _("CSV"))]

    kind = forms.ChoiceField(label=_("What"), choices=KINDS)
    start = forms.DateField(label=_("From"), widget=_date_input())
    end = forms.DateField(label=_("To"), widget=_date_input())
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The period must end after it starts."))
            if end - start > datetime.timedelta(days=3 * 366):
                raise forms.ValidationError(_("Export at most three years at a time."))
        return cleaned
