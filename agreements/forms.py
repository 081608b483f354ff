"""Forms for partners, agreements, parties and signatures; the services do the writing."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import LogoValidationMixin, ModelMultipleChoiceField, formfield_assuming_https
from resolutions.models import Resolution

from .models import (
    AGREEMENT_FIELDS,
    PARTNER_FIELDS,
    Agreement,
    AgreementParty,
    CooperationArea,
    Partner,
)
from .validators import validate_pdf_upload

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _label_translations(form, base_name, verbose_name):
    """Label "title_de" as "Title (German)", in one translatable pattern."""
    for code, language in LANGUAGE_NAMES.items():
        name = f"{base_name}_{code}"
        if name in form.fields:
            form.fields[name].label = _("%(field)s (%(language)s)") % {
                "field": str(verbose_name).capitalize(),
                "language": language,
            }


class PartnerForm(LogoValidationMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = PARTNER_FIELDS
        formfield_callback = formfield_assuming_https
        widgets = {
            f"description_{code}": forms.Textarea(attrs={"rows": 4}) for code in LANGUAGE_NAMES
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_translations(
            self, "description", Partner._meta.get_field("description").verbose_name
        )

    def service_data(self):
        data = {name: self.cleaned_data[name] for name in PARTNER_FIELDS}
        # A cleared file input cleans to False; the model stores "no logo" as an empty name.
        if data["logo"] is False:
            data["logo"] = ""
        return data


class AgreementForm(forms.ModelForm):
    """An agreement's terms; on creation also the partners that are parties to it."""

    areas = forms.MultipleChoiceField(
        label=_("Areas of cooperation"),
        choices=[(value, capfirst(label)) for value, label in CooperationArea.choices],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The cluster itself is always a party. More partners can be added later."),
    )

    class Meta:
        model = Agreement
        fields = AGREEMENT_FIELDS
        widgets = {
            "signed_on": _date_input(),
            "valid_from": _date_input(),
            "valid_until": _date_input(),
            "text": forms.Textarea(attrs={"rows": 12}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _label_translations(self, "title", Agreement._meta.get_field("title").verbose_name)
        self.fields["title_pl"].required = True
        self.fields["approving_resolution"].queryset = Resolution.objects.filter(
            status=Resolution.Status.CLOSED, outcome=Resolution.Outcome.ADOPTED
        ).select_related("body")
        self.fields["approving_resolution"].help_text = _("A resolution adopted in the portal.")
        if self.instance.pk:
            del self.fields["partners"]
            self.initial["areas"] = list(self.instance.areas.values_list("area", flat=True))

    def clean(self):
        cleaned = super().clean()
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("The agreement cannot end before it takes effect."))
        return cleaned

    def service_data(self):
        return {name: self.cleaned_data[name] for name in AGREEMENT_FIELDS}


class PartyAddForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    signatory_name = forms.CharField(label=_("Signatory"), max_length=150, required=False)
    signatory_position = forms.CharField(
        label=_("Signatory's position"), max_length=150, required=False
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.exclude(
            parties__agreement=agreement
        ).order_by("name")


class PartyForm(forms.Form):
    signatory_name = forms.CharField(label=_("Signatory"), max_length=150, required=False)
    signatory_position = forms.CharField(
        label=_("Signatory's position"), max_length=150, required=False
    )


class SignatureForm(forms.Form):
    signatory_name = forms.CharField(label=_("Signatory"), max_length=150, required=False)
    signatory_position = forms.CharField(
        label=_("Signatory's position"), max_length=150, required=False
    )
    signature = forms.ChoiceField(
        label=_("Signature"),
        choices=AgreementParty.Signature.choices,
        widget=forms.RadioSelect,
    )
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=_date_input(),
        help_text=_("The day the party signed or declined."),
    )


class TerminationForm(forms.Form):
    on = forms.DateField(label=_("Terminated on"), widget=_date_input())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class ScanUploadForm(forms.Form):
    scan = forms.FileField(
        label=_("Signed scan (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].help_text = _(
            "A PDF file of at most %(limit)s. The file is checked by its content, not its name."
        ) % {"limit": filesizeformat(settings.AGREEMENT_SCAN_MAX_BYTES)}

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        validate_pdf_upload(scan)
        return scan


class AgreementFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Title, reference number or partner"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Agreement.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Agreement.Kind.choices],
    )

    def filters(self):
        if not self.is_valid():
            return {}
        given = {
            "query": self.cleaned_data["q"],
            "status": self.cleaned_data["status"],
            "kind": self.cleaned_data["kind"],
        }
        return {name: value for name, value in given.items() if value}
