"""Forms of the board's pages: posting, searching, attachments, closing a post."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleChoiceField, translated_field_names
from members.models import Competence, Person, Sector

from .models import WORKING_LANGUAGES, Post

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TRANSLATED_FIELDS = ("title", "description")


def working_language_choices():
    return [(code, get_language_info(code)["name_translated"]) for code in WORKING_LANGUAGES]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


POST_FIELDSETS = [
    (_("The post"), ["kind", "title_pl", "description_pl"]),
    (
        _("Translations (optional)"),
        [
            name
            for name in translated_field_names("title", "description")
            if not name.endswith("_pl")
        ],
    ),
    (
        _("Who and what it is about"),
        ["competences", "sectors", "languages", "contact_person", "valid_until", "visibility"],
    ),
    (_("For a call for partners"), ["funding_call"]),
    (_("For a joint purchase"), ["purchase_unit", "purchase_target_quantity"]),
]


class PostForm(forms.ModelForm):
    competences = ModelMultipleChoiceField(
        label=_("Competences"),
        queryset=Competence.objects.order_by("kind", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=working_language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Post
        fields = [
            "kind",
            *translated_field_names("title", "description"),
            "contact_person",
            "valid_until",
            "visibility",
            "funding_call",
            "purchase_unit",
            "purchase_target_quantity",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 6})
                for name in translated_field_names("description")
            },
            "valid_until": DateInput(),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        languages = dict(settings.LANGUAGES)
        for field in TRANSLATED_FIELDS:
            verbose_name = Post._meta.get_field(field).verbose_name
            for code in LANGUAGE_CODES:
                self.fields[f"{field}_{code}"].label = _("%(field)s (%(language)s)") % {
                    "field": str(verbose_name).capitalize(),
                    "language": languages[code],
                }
                self.fields[f"{field}_{code}"].required = code == settings.LANGUAGE_CODE
        self.fields["contact_person"].queryset = Person.objects.filter(
            organisation=organisation
        ).order_by("last_name", "first_name")
        self.fields["contact_person"].help_text = _(
            "Their name and position are shown; their e-mail address never is."
        )
        self.fields["valid_until"].input_formats = ["%Y-%m-%d"]
        if self.instance.pk is None:
            self.fields["valid_until"].initial = timezone.localdate() + datetime.timedelta(days=90)
        else:
            self.fields["competences"].initial = list(self.instance.competences.all())
            self.fields["sectors"].initial = list(self.instance.sectors.all())
            self.fields["languages"].initial = list(self.instance.languages)
        self.fields["funding_call"].help_text = _(
            "For example “Horizon Europe CL4-2027-TWIN-TRANSITION-01”."
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Post.Kind.CALL_FOR_PARTNERS and not cleaned.get("funding_call"):
            self.add_error("funding_call", _("Name the funding call the partners are sought for."))
        if kind == Post.Kind.JOINT_PURCHASE and not cleaned.get("purchase_unit"):
            self.add_error("purchase_unit", _("Give the unit members commit quantities in."))
        return cleaned

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in POST_FIELDSETS]

    def post_data(self):
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        data["languages"] = list(self.cleaned_data["languages"])
        return data


class BoardFilterForm(forms.Form):
    """The board's search: every field optional; an unknown value is ignored, not an error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Post.Kind.choices]
    )
    competence = forms.ModelChoiceField(
        label=_("Competence"),
        required=False,
        queryset=Competence.objects.none(),
        empty_label=_("Any competence"),
        to_field_name="slug",
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        required=False,
        queryset=Sector.objects.none(),
        empty_label=_("Any sector"),
        to_field_name="slug",
    )
    language = forms.ChoiceField(label=_("Working language"), required=False)

    def __init__(self, *args, competences, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = competences
        self.fields["sector"].queryset = sectors
        self.fields["language"].choices = [
            ("", _("Any language")),
            *working_language_choices(),
        ]

    def filters(self):
        """The valid filters; a field with a bad value counts as not chosen."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q") or "",
            "kind": data.get("kind") or "",
            "competence": data.get("competence"),
            "sector": data.get("sector"),
            "language": data.get("language") or "",
        }


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, OpenDocument text, Word (.docx) or Excel (.xlsx)."),
    )


class FulfilForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example who answered and what came of it; only the coordinator sees it."),
    )
