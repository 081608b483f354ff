"""Forms for organisations and people, shared by the panel, the join form and members' own pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import LogoValidationMixin, ModelMultipleChoiceField, formfield_assuming_https

from .models import (
    DESCRIPTION_FIELDS,
    ORGANISATION_CONTACT_FIELDS,
    ORGANISATION_FIELDS,
    PERSON_FIELDS,
    Organisation,
    Person,
    Sector,
)
from .validators import normalise_digits


class IdentifierCleaningMixin:
    """Accept NIP, REGON and KRS as people type them and keep the digits only."""

    def _clean_identifier(self, name):
        return normalise_digits(self.cleaned_data.get(name, ""))

    def clean_nip(self):
        return self._clean_identifier("nip")

    def clean_regon(self):
        return self._clean_identifier("regon")

    def clean_krs(self):
        return self._clean_identifier("krs")


class OrganisationForm(IdentifierCleaningMixin, LogoValidationMixin, forms.ModelForm):
    """Every field of an organisation that a coordinator edits."""

    # Wider than the stored ten digits: people type dashes, spaces and a PL prefix.
    nip = forms.CharField(
        label=_("NIP"), max_length=20, help_text=_("10 digits, e.g. 851-31-41-744.")
    )
    regon = forms.CharField(label=_("REGON"), max_length=20, required=False)
    krs = forms.CharField(label=_("KRS"), max_length=20, required=False)
    sectors = ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        formfield_callback = formfield_assuming_https
        # The organisation's own fields, with its sectors shown just before the logo.
        fields = [*ORGANISATION_FIELDS]
        fields.insert(fields.index("logo"), "sectors")
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in DESCRIPTION_FIELDS}


class OrganisationProfileForm(LogoValidationMixin, forms.ModelForm):
    """The public profile a representative keeps current: no identifiers, no membership data."""

    sectors = OrganisationForm.base_fields["sectors"]

    class Meta:
        model = Organisation
        formfield_callback = formfield_assuming_https
        fields = [
            "short_name",
            *ORGANISATION_CONTACT_FIELDS,
            "employee_range",
            "sectors",
            "logo",
            *DESCRIPTION_FIELDS,
        ]
        widgets = OrganisationForm.Meta.widgets


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = PERSON_FIELDS

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The organisation is not a form field, so the unique-per-organisation check needs it set.
        if organisation is not None:
            self.instance.organisation = organisation


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Organisation.Status.choices)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, allowed_statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed_statuses is not None:
            self.fields["status"].choices = [
                (value, label)
                for value, label in Organisation.Status.choices
                if value in allowed_statuses
            ]


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant receives this text by e-mail."),
    )
