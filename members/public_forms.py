"""Forms of the public and member-facing pages: directory filters, joining, "my organisation"."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import formfield_assuming_https

from . import selectors
from .forms import (
    COMPETENCE_FIELDS,
    IdentifierCleaningMixin,
    OrganisationForm,
    OrganisationProfileForm,
    PersonForm,
)
from .models import (
    DESCRIPTION_FIELDS,
    ORGANISATION_CONTACT_FIELDS,
    ORGANISATION_IDENTITY_FIELDS,
    Organisation,
    Person,
)

DECLARATION_TEXT = _(
    "On behalf of the organisation I declare that it accedes to the partnership agreement of "
    "%(cluster)s, accepts its statute and rules, and will take part in the cluster's work."
)
CONSENT_TEXT = _(
    "I consent to the coordinator of %(cluster)s processing the personal data given in this "
    "form in order to handle the application and, once it is accepted, the membership. I may "
    "withdraw this consent at any time."
)

# Input purposes (WCAG 1.3.5) let browsers fill the form in for people.
ORGANISATION_AUTOCOMPLETE = {
    "name": "organization",
    "street": "address-line1",
    "postal_code": "postal-code",
    "city": "address-level2",
    "website": "url",
    "email": "email",
    "phone": "tel",
}
CONTACT_AUTOCOMPLETE = {
    "first_name": "given-name",
    "last_name": "family-name",
    "position": "organization-title",
    "email": "email",
    "phone": "tel",
}


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, city or keyword"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=selectors.sectors_in_use().order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("All sectors"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Organisation.Kind.choices],
    )
    competence = forms.ChoiceField(label=_("Competence or technology"), required=False)
    market = forms.ChoiceField(label=_("Market"), required=False)
    certification = forms.ChoiceField(label=_("Certification"), required=False)

    # Each filter field and the kinds of the vocabulary it offers.
    competence_filters = {
        "competence": ((_("All competences and technologies")), ("competence", "technology")),
        "market": (_("All markets"), ("market",)),
        "certification": (_("All certifications"), ("certification",)),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The terms active members name, read once for the three lists, each by its slug.
        self.vocabulary = {term.slug: term for term in selectors.competences_in_use()}
        groups = selectors.competences_grouped(self.vocabulary.values())
        for name, (everything, kinds) in self.competence_filters.items():
            offered = [(kind, terms) for kind, terms in groups if kind in kinds]
            if len(offered) > 1:
                choices = [
                    (kind.label.capitalize(), [(term.slug, term.name) for term in terms])
                    for kind, terms in offered
                ]
            else:
                choices = [(term.slug, term.name) for _kind, terms in offered for term in terms]
            self.fields[name].choices = [("", everything), *choices]

    def chosen_competences(self):
        """Return the terms chosen in the three lists (call after is_valid)."""
        return [
            self.vocabulary[slug]
            for name in self.competence_filters
            if (slug := self.cleaned_data.get(name))
        ]


class JoinOrganisationForm(IdentifierCleaningMixin, forms.ModelForm):
    """The organisation's part of an application, described in the applicant's language."""

    nip = OrganisationForm.base_fields["nip"]
    regon = OrganisationForm.base_fields["regon"]
    krs = OrganisationForm.base_fields["krs"]
    sectors = OrganisationForm.base_fields["sectors"]
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the organisation does, for its profile in the member directory."),
    )

    class Meta:
        model = Organisation
        formfield_callback = formfield_assuming_https
        fields = [
            *ORGANISATION_IDENTITY_FIELDS,
            *ORGANISATION_CONTACT_FIELDS,
            "employee_range",
            "sectors",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("street", "postal_code"):
            self.fields[name].required = True
        self.fields["postal_code"].widget.attrs["placeholder"] = "00-000"
        for name, purpose in ORGANISATION_AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = purpose

    def organisation_data(self, *, language):
        """Return the organisation's field values, the description under `language`."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"sectors", "description"}
        }
        data[f"description_{language}"] = self.cleaned_data["description"]
        return data


class JoinContactForm(forms.ModelForm):
    """The person who will represent the organisation in the cluster."""

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "position", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, purpose in CONTACT_AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = purpose


class JoinDeclarationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you want to join?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    declaration = forms.BooleanField(
        error_messages={"required": _("Accept the declaration to apply.")},
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Your consent is needed to handle the application.")},
    )
    # Bots fill every field; people never see this one. Filled in means the post is not a person's.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declaration"].label = self.declaration_text()
        self.fields["consent"].label = self.consent_text()

    @staticmethod
    def declaration_text():
        return DECLARATION_TEXT % {"cluster": settings.CLUSTER_NAME}

    @staticmethod
    def consent_text():
        return CONSENT_TEXT % {"cluster": settings.CLUSTER_NAME}

    @property
    def is_from_a_bot(self):
        return bool(self.cleaned_data.get("homepage"))


class MyOrganisationForm(OrganisationProfileForm):
    """The public profile as its representative edits it: one labelled field per language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for (code, language_name), field_name in zip(
            settings.LANGUAGES, DESCRIPTION_FIELDS, strict=True
        ):
            field = self.fields[field_name]
            field.label = language_name
            field.widget.attrs["lang"] = code
        self.fields["logo"].widget.attrs["accept"] = "image/png,image/jpeg,image/webp,image/gif"
        self.fields["logo"].help_text = _("PNG, JPEG, WebP or GIF, at most %(size)s MB.") % {
            "size": settings.LOGO_MAX_BYTES // (1024 * 1024)
        }

    def profile_data(self):
        """Return the changed values for organisation_update; an untouched logo stays as it is."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"sectors", "logo", *COMPETENCE_FIELDS}
        }
        if "logo" in self.changed_data:
            # False means "clear" in a ClearableFileInput.
            data["logo"] = self.cleaned_data["logo"] or ""
        return data

    @property
    def description_fields(self):
        return [self[name] for name in DESCRIPTION_FIELDS]

    @property
    def profile_fields(self):
        return [
            self[name]
            for name in self.fields
            if name not in DESCRIPTION_FIELDS and name not in COMPETENCE_FIELDS
        ]


class ColleagueForm(PersonForm):
    """A person of the representative's own organisation."""

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        if self.instance.pk and self.instance.pk == organisation.primary_representative_id:
            self.fields["role"].disabled = True
            self.fields["role"].help_text = _(
                "The primary representative votes for the organisation and stays a "
                "representative; the cluster office can name another one."
            )

    def person_data(self):
        return {name: self.cleaned_data[name] for name in PersonForm.Meta.fields}


class NewColleagueForm(ColleagueForm):
    send_invitation = forms.BooleanField(
        label=_("Send an invitation to create an account"),
        required=False,
        help_text=_("The person receives an e-mail with a link to set a password."),
    )
