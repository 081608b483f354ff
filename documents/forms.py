"""Forms of the document library: validation only; the services decide and write."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import translated_field_names, translations_label
from members.models import ActionGroup
from projects.models import Project
from resolutions.models import GoverningBody

from .models import Document, Folder


def _require_polish(form: forms.BaseForm, *fields: str) -> None:
    for field in fields:
        for code, _name in settings.LANGUAGES:
            name = f"{field}_{code}"
            if name in form.fields:
                form.fields[name].required = code == settings.LANGUAGE_CODE


class FolderForm(forms.ModelForm):
    """A folder's titles, place and reading rule; the owner comes from the parent or the page."""

    class Meta:
        model = Folder
        fields = [
            *translated_field_names("title", "description"),
            "parent",
            "access",
            "members_may_upload",
            "order",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in translated_field_names("description")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translations_label(self, "title")
        translations_label(self, "description")
        _require_polish(self, "title")
        parents = Folder.objects.select_related("body", "action_group", "project")
        if self.instance.pk is not None:
            parents = parents.exclude(pk=self.instance.pk)
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)
        parent_field.queryset = parents
        self.fields["order"].required = False

    def folder_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self._meta.fields or ()}
        data["order"] = data["order"] or 0
        return data


class FolderOwnerForm(forms.Form):
    """What a new top folder belongs to."""

    kind = forms.ChoiceField(
        label=_("Belongs to"), choices=Folder.Kind.choices, required=False, initial="cluster"
    )
    body = forms.ModelChoiceField(
        label=_("Governing body"), queryset=GoverningBody.objects.all(), required=False
    )
    action_group = forms.ModelChoiceField(
        label=_("Action group"), queryset=ActionGroup.objects.all(), required=False
    )
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.all(), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind") or Folder.Kind.CLUSTER
        data["kind"] = kind
        needed = {"body": "body", "group": "action_group", "project": "project"}.get(kind)
        if needed and not data.get(needed):
            self.add_error(needed, _("Choose what the folder belongs to."))
        for name in ("body", "action_group", "project"):
            if name != needed:
                data[name] = None
        return data


class DocumentForm(forms.ModelForm):
    """A new document: its titles and descriptions and its first file."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx), OpenDocument text, PNG or JPEG."),
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    class Meta:
        model = Document
        fields = translated_field_names("title", "description")
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in translated_field_names("description")
        }

    def __init__(self, *args: Any, with_file: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translations_label(self, "title")
        translations_label(self, "description")
        _require_polish(self, "title")
        if with_file:
            del self.fields["note"]
        else:
            del self.fields["file"]
            del self.fields["note"]

    def document_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class DocumentPanelForm(DocumentForm):
    """The coordinator's change of a document: its texts and its folder."""

    class Meta(DocumentForm.Meta):
        fields = [*translated_field_names("title", "description"), "folder"]

    def document_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class VersionForm(forms.Form):
    """A new version of a document."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx), OpenDocument text, PNG or JPEG."),
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class NoticesForm(forms.Form):
    wanted = forms.BooleanField(
        label=_("Tell me by e-mail of new documents and versions in the folders I may read"),
        required=False,
    )
