"""Forms for organisations and people, shared by the panel, the join form and members' own pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import LogoValidationMixin, ModelMultipleChoiceField, formfield_assuming_https
from core.i18n import marked

from .models import (
    DESCRIPTION_FIELDS,
    ORGANISATION_CONTACT_FIELDS,
    ORGANISATION_FIELDS,
    PERSON_FIELDS,
    Competence,
    Organisation,
    Person,
    Sector,
)
from .validators import KEYWORDS_MAX_LENGTH, normalise_digits, normalise_keywords, validate_keywords


class KeywordsField(forms.CharField):
    """Free keywords separated by commas, given back normalised (see `normalise_keywords`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Keywords"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "What the vocabulary does not name, separated by commas, e.g. “laser welding, "
                "ISO containers”. At most %(limit)s characters together."
            )
            % {"limit": KEYWORDS_MAX_LENGTH},
        )
        # Room for separators and blanks the normalisation removes; the total is checked after.
        kwargs.setdefault("max_length", KEYWORDS_MAX_LENGTH * 4)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = normalise_keywords(super().clean(value))
        validate_keywords(value)
        return value


class CompetenceChoices(ModelMultipleChoiceField):
    """Terms of the vocabulary, each labelled in the reader's language or marked as Polish."""

    def label_from_instance(self, competence):
        return marked(competence, "name")


def competence_fields(*, kinds_by_field, initial=()):
    """Return one checkbox list per group of kinds that has terms, e.g. {"competences_market": ...}.

    The whole vocabulary is read once and split between the fields, so a page with four lists
    runs one query for them.
    """
    chosen = {competence.pk for competence in initial}
    vocabulary = list(Competence.objects.all())
    fields = {}
    for name, (label, kinds) in kinds_by_field.items():
        terms = sorted(
            (term for term in vocabulary if term.kind in kinds),
            key=lambda term: str(term.name).casefold(),
        )
        if not terms:
            continue  # an empty list would be a heading with nothing to tick
        field = CompetenceChoices(
            label=label,
            queryset=Competence.objects.filter(kind__in=kinds),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=[term.pk for term in terms if term.pk in chosen],
        )
        # The choices are the terms already read, so rendering runs no query.
        field.choices = [(term.pk, field.label_from_instance(term)) for term in terms]
        fields[name] = field
    return fields


# One checkbox list per kind of the vocabulary, headed by the kind in the plural.
COMPETENCE_FIELDS = {
    "competences_competence": (_("Competences"), (Competence.Kind.COMPETENCE,)),
    "competences_technology": (_("Technologies"), (Competence.Kind.TECHNOLOGY,)),
    "competences_market": (_("Markets"), (Competence.Kind.MARKET,)),
    "competences_certification": (_("Certifications"), (Competence.Kind.CERTIFICATION,)),
}


class CompetencesFormMixin:
    """Adds one checkbox list per kind of the vocabulary, and the chosen terms together."""

    def add_competence_fields(self):
        initial = self.instance.competences.all() if self.instance.pk else ()
        self.fields.update(competence_fields(kinds_by_field=COMPETENCE_FIELDS, initial=initial))

    @property
    def competence_lists(self):
        return [self[name] for name in COMPETENCE_FIELDS if name in self.fields]

    def chosen_competences(self):
        return [
            competence
            for name in COMPETENCE_FIELDS
            for competence in self.cleaned_data.get(name) or ()
        ]


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
    keywords = KeywordsField()

    class Meta:
        model = Organisation
        formfield_callback = formfield_assuming_https
        # The organisation's own fields, with its sectors shown just before the logo.
        fields = [*ORGANISATION_FIELDS]
        fields.insert(fields.index("logo"), "sectors")
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in DESCRIPTION_FIELDS}


class OrganisationProfileForm(CompetencesFormMixin, LogoValidationMixin, forms.ModelForm):
    """The public profile a representative keeps current: no identifiers, no membership data;
    with what the organisation does (competences by kind and free keywords)."""

    sectors = OrganisationForm.base_fields["sectors"]
    keywords = KeywordsField()

    class Meta:
        model = Organisation
        formfield_callback = formfield_assuming_https
        fields = [
            "short_name",
            *ORGANISATION_CONTACT_FIELDS,
            "employee_range",
            "sectors",
            "keywords",
            "logo",
            *DESCRIPTION_FIELDS,
        ]
        widgets = OrganisationForm.Meta.widgets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_competence_fields()


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
