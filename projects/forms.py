"""Forms of the register of projects, members' ideas and the coordinator's panel."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import (
    DateTimeLocalInput,
    ModelMultipleChoiceField,
    formfield_assuming_https,
    translated_field_names,
    translations_label,
)
from core.uploads import validate_document
from members.models import Organisation
from resolutions.models import PlanItem

from .models import FundingCall, Project, ProjectIdea, ProjectPartner
from .services import DOCUMENT_MAX_BYTES

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Acronym or title"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Member organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("All members"),
    )

    def __init__(self, *args, statuses, programmes, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Project.Status.choices)
        self.fields["status"].choices = [
            ("", _("All statuses")),
            *((status, labels[status]) for status in statuses),
        ]
        self.fields["programme"].choices = [
            ("", _("All programmes")),
            *((programme, programme) for programme in programmes),
        ]
        self.fields["organisation"].queryset = organisations

    def filters(self):
        if not self.is_valid():
            return {}
        given = {
            "query": self.cleaned_data["q"],
            "status": self.cleaned_data["status"],
            "programme": self.cleaned_data["programme"],
            "organisation": self.cleaned_data["organisation"],
        }
        return {name: value for name, value in given.items() if value}


class IdeaForm(forms.ModelForm):
    class Meta:
        model = ProjectIdea
        fields = ["title", "description", "call", "partners_sought", "estimated_budget"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "partners_sought": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"estimated_budget": _("Estimated budget (PLN)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = FundingCall.objects.order_by("deadline")
        self.fields["call"].required = False
        self.fields["estimated_budget"].widget.attrs.update(min=0, step="0.01")


class FundingCallForm(forms.ModelForm):
    class Meta:
        model = FundingCall
        formfield_callback = formfield_assuming_https
        fields = [
            "programme",
            *translated_field_names("name"),
            "identifier",
            "url",
            *translated_field_names("description"),
            "opens_on",
            "deadline",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in translated_field_names("description")
            },
            "opens_on": DATE_INPUT,
            "deadline": DateTimeLocalInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "name", gettext("Call (%(language)s)"))
        translations_label(self, "description", gettext("Description (%(language)s)"))


def _plan_items_field():
    return ModelMultipleChoiceField(
        label=_("Operational-plan items the project serves"),
        queryset=PlanItem.objects.select_related("plan").order_by("-plan__period_start", "pk"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class ProjectForm(forms.ModelForm):
    plan_items = _plan_items_field()

    class Meta:
        model = Project
        fields = [
            "programme",
            "call",
            "acronym",
            *translated_field_names("title"),
            *translated_field_names("summary"),
            "cluster_role",
            "status",
            "currency",
            "budget",
            "cofinancing",
            "starts_on",
            "ends_on",
            "submitted_on",
        ]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 4})
                for name in translated_field_names("summary")
            },
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "submitted_on": DATE_INPUT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "title", gettext("Title (%(language)s)"))
        translations_label(self, "summary", gettext("Summary (%(language)s)"))
        self.fields["call"].queryset = FundingCall.objects.order_by("-deadline")
        for name in ("budget", "cofinancing"):
            self.fields[name].widget.attrs.update(min=0, step="0.01")
        if self.instance.pk:
            # The status moves by its own action, along the allowed steps.
            del self.fields["status"]
            self.initial["plan_items"] = list(self.instance.plan_items.values_list("pk", flat=True))

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").upper()

    def project_data(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "plan_items"}


class IdeaToProjectForm(forms.ModelForm):
    plan_items = _plan_items_field()

    class Meta:
        model = Project
        fields = ["acronym", "programme", "call", "cluster_role", "status"]

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label)
            for value, label in Project.Status.choices
            if value in (Project.Status.IDEA, Project.Status.CONSORTIUM)
        ]
        self.fields["programme"].required = False
        self.fields["call"].queryset = FundingCall.objects.order_by("-deadline")
        self.initial.setdefault("call", idea.call_id)
        if idea.call is not None:
            self.initial.setdefault("programme", idea.call.programme)
        self.initial.setdefault("cluster_role", Project.ClusterRole.SUPPORT)

    def project_data(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "plan_items"}


class IdeaDeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the organisation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Project.Status.choices)
        self.fields["status"].choices = [(value, labels[value]) for value in choices]


class PartnerForm(forms.ModelForm):
    class Meta:
        model = ProjectPartner
        fields = [
            "organisation",
            "outside_name",
            "outside_country",
            "role",
            "budget_share",
            "order",
        ]
        help_texts = {
            "outside_country": _("Two-letter code, e.g. DE or LT, for an outside organisation."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["budget_share"].widget.attrs.update(min=0, step="0.01")

    def clean_outside_country(self):
        return (self.cleaned_data.get("outside_country") or "").upper()


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, PNG, JPEG, OpenDocument text, Word or Excel, at most %(limit)s."
        ) % {"limit": filesizeformat(DOCUMENT_MAX_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_document(upload, max_bytes=DOCUMENT_MAX_BYTES)
        return upload


class FiguresForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)

    def period(self):
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
