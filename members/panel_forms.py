"""Forms of the coordinator panel that the shared members/forms.py does not provide."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleChoiceField, translations_label
from core.uploads import validate_csv

from .forms import COMPETENCE_FIELDS, CompetencesFormMixin, OrganisationForm, StatusChangeForm
from .imports import MAX_IMPORT_BYTES
from .models import DESCRIPTION_FIELDS, ActionGroup, Competence, Organisation, Person, Sector

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
REQUIRED_FOR_ACTIVE = _(
    "An active member needs a primary representative: give their name and e-mail."
)
INCOMPLETE_REPRESENTATIVE = _("Give the representative's first name, last name and e-mail.")


class PanelOrganisationForm(CompetencesFormMixin, OrganisationForm):
    """The organisation form with each description labelled by its language, and the
    organisation's competences, one checkbox list per kind."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "description", gettext("Description (%(language)s)"))
        self.add_competence_fields()


class OrganisationCreateForm(PanelOrganisationForm):
    """A new organisation: an applicant, or an active member with its primary representative."""

    status = forms.ChoiceField(
        label=_("Membership status"),
        choices=[
            (Organisation.Status.APPLICANT, _("Applicant: waits for approval")),
            (Organisation.Status.ACTIVE, _("Active member from today")),
        ],
        initial=Organisation.Status.ACTIVE,
        widget=forms.RadioSelect,
    )
    representative_first_name = forms.CharField(
        label=_("First name"), max_length=100, required=False
    )
    representative_last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    representative_email = forms.EmailField(label=_("E-mail"), required=False)
    representative_position = forms.CharField(label=_("Position"), max_length=150, required=False)
    representative_language = forms.ChoiceField(
        label=_("Language of e-mails"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )

    representative_fields = ("first_name", "last_name", "email")

    def clean(self):
        cleaned = super().clean()
        columns = [f"representative_{name}" for name in self.representative_fields]
        given = any(cleaned.get(column) for column in columns)
        if given or cleaned.get("status") == Organisation.Status.ACTIVE:
            message = INCOMPLETE_REPRESENTATIVE if given else REQUIRED_FOR_ACTIVE
            for column in columns:
                if not cleaned.get(column) and column not in self.errors:
                    self.add_error(column, message)
        return cleaned

    def representative_data(self):
        cleaned = self.cleaned_data
        if not cleaned.get("representative_email"):
            return None
        return {
            "first_name": cleaned["representative_first_name"],
            "last_name": cleaned["representative_last_name"],
            "email": cleaned["representative_email"],
            "position": cleaned["representative_position"],
            "language": cleaned["representative_language"],
            "is_public_contact": True,
        }


def organisation_fieldsets(form):
    """Group an organisation form's fields for the page: the organisation, its descriptions and,
    when registering one, its membership and primary representative."""
    membership = [
        name for name in form.fields if name == "status" or name.startswith("representative_")
    ]
    competences = [name for name in [*COMPETENCE_FIELDS, "keywords"] if name in form.fields]
    organisation = [
        name
        for name in form.fields
        if name not in membership and name not in DESCRIPTION_FIELDS and name not in competences
    ]
    fieldsets = [
        (_("Organisation"), [form[name] for name in organisation]),
        (_("Competences and keywords"), [form[name] for name in competences]),
        (_("Description"), [form[name] for name in DESCRIPTION_FIELDS]),
    ]
    if membership:
        fieldsets.append(
            (_("Membership and primary representative"), [form[name] for name in membership])
        )
    return fieldsets


def organisation_data(form):
    """Return the organisation's own field values from a valid OrganisationForm."""
    data = {name: form.cleaned_data[name] for name in OrganisationForm.Meta.fields}
    data.pop("sectors")
    # A cleared file input cleans to False; the model stores "no logo" as an empty name.
    if data.get("logo") is False:
        data["logo"] = ""
    return data


class PanelStatusChangeForm(StatusChangeForm):
    notify = forms.BooleanField(
        label=_("Tell the primary representative by e-mail"),
        required=False,
        help_text=_("The e-mail gives the new status and the reason."),
    )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, columns separated by semicolons or commas, at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_csv(upload, max_bytes=MAX_IMPORT_BYTES)
        return upload


class ImportConfirmForm(forms.Form):
    # The uploaded CSV, signed by the server when it showed the preview.
    payload = forms.CharField(widget=forms.HiddenInput)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} ({person.organisation})"


class OrganisationChoices(ModelMultipleChoiceField):
    def label_from_instance(self, organisation):
        if organisation.status == Organisation.Status.ACTIVE:
            return organisation.name
        return f"{organisation.name} ({organisation.get_status_display()})"


class ActionGroupForm(forms.ModelForm):
    leader = PersonChoiceField(
        label=_("Leader"),
        queryset=Person.objects.select_related("organisation").order_by("last_name", "first_name"),
        required=False,
    )
    organisations = OrganisationChoices(
        label=_("Member organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ActionGroup
        fields = [
            *(f"name_{code}" for code in LANGUAGE_CODES),
            *(f"description_{code}" for code in LANGUAGE_CODES),
            "leader",
            "organisations",
        ]
        widgets = {
            f"description_{code}": forms.Textarea(attrs={"rows": 4}) for code in LANGUAGE_CODES
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "name", gettext("Name (%(language)s)"))
        translations_label(self, "description", gettext("Description (%(language)s)"))
        # Active members, and whoever is in the group already, so saving never drops one silently.
        members = Q(status=Organisation.Status.ACTIVE)
        if self.instance.pk:
            members |= Q(action_groups=self.instance)
        self.fields["organisations"].queryset = (
            Organisation.objects.filter(members).distinct().order_by("name")
        )

    def group_data(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "organisations"}


class SectorForm(forms.ModelForm):
    class Meta:
        model = Sector
        fields = [*(f"name_{code}" for code in LANGUAGE_CODES), "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "name", gettext("Name (%(language)s)"))
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Used in addresses and in the import file; made from the Polish name when left empty."
        )


class CompetenceForm(forms.ModelForm):
    """A term of the vocabulary: its kind and its name in each language (Polish required)."""

    class Meta:
        model = Competence
        fields = ["kind", *(f"name_{code}" for code in LANGUAGE_CODES)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "name", gettext("Name (%(language)s)"))
        self.fields["kind"].help_text = _(
            "Competences and technologies say what a member can do, markets where it sells, "
            "certifications what it is certified for."
        )


class CouncilSeatForm(forms.Form):
    person = PersonChoiceField(
        label=_("Person"),
        queryset=Person.objects.filter(organisation__status=Organisation.Status.ACTIVE)
        .select_related("organisation")
        .order_by("last_name", "first_name"),
        help_text=_("People of active members."),
    )
    term_start = forms.DateField(
        label=_("Term from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    term_end = forms.DateField(
        label=_("Term to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for a term without a fixed end."),
    )
    is_chair = forms.BooleanField(label=_("Chair of the council"), required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("A term cannot end before it starts."))
        return cleaned


class CouncilSeatEndForm(forms.Form):
    term_end = forms.DateField(
        label=_("Last day of the term"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
