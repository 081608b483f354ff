"""Forms of the coordinator's survey pages: the survey, its sections and questions."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import (
    DATETIME_INPUT_FORMATS,
    DateTimeLocalInput,
    translated_field_names,
    translations_label,
)

from .models import Option, Question, Section, Survey

LANGUAGES = [code for code, _name in settings.LANGUAGES]
OPTIONS_MAX = 30
OPTION_LABEL_MAX = Option._meta.get_field("label").max_length


class SurveyForm(forms.ModelForm):
    opens_at = forms.DateTimeField(
        label=_("Opens"), input_formats=DATETIME_INPUT_FORMATS, widget=DateTimeLocalInput()
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), input_formats=DATETIME_INPUT_FORMATS, widget=DateTimeLocalInput()
    )

    class Meta:
        model = Survey
        fields = [
            *translated_field_names("title", "intro"),
            "opens_at",
            "closes_at",
            "is_anonymous",
            "reminder_days",
        ]
        widgets = {f"intro_{code}": forms.Textarea(attrs={"rows": 3}) for code in LANGUAGES}

    def __init__(self, *args, locked=False, sent=False, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "title")
        translations_label(self, "intro")
        self.fields[f"title_{settings.LANGUAGE_CODE}"].required = True
        for name in translated_field_names("title", "intro"):
            if not name.endswith(f"_{settings.LANGUAGE_CODE}"):
                self.fields[name].required = False
        if locked:
            self.fields["opens_at"].disabled = True
        if locked or sent:
            self.fields["is_anonymous"].disabled = True

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", gettext("The survey must close after it opens."))
        return data


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = [*translated_field_names("title"), "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translations_label(self, "title")
        for name in translated_field_names("title"):
            self.fields[name].required = name.endswith(f"_{settings.LANGUAGE_CODE}")
        self.fields["position"].min_value = 1


class QuestionForm(forms.ModelForm):
    """A question, with its options typed one a line in each language."""

    class Meta:
        model = Question
        fields = [
            "kind",
            *translated_field_names("text", "help_text"),
            "required",
            "position",
            "code",
            "scale_min",
            "scale_max",
            *translated_field_names("scale_min_label", "scale_max_label"),
            "number_min",
            "number_max",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("text", "help_text", "scale_min_label", "scale_max_label"):
            translations_label(self, name)
        for name in translated_field_names(
            "text", "help_text", "scale_min_label", "scale_max_label"
        ):
            self.fields[name].required = name == f"text_{settings.LANGUAGE_CODE}"
        self.fields["position"].min_value = 1
        self.fields["scale_min"].min_value = -10
        self.fields["scale_max"].max_value = 100
        options = list(self.instance.options.all()) if self.instance.pk else []
        for code, language in settings.LANGUAGES:
            name = f"options_{code}"
            self.fields[name] = forms.CharField(
                label=gettext("Options (%(language)s)") % {"language": gettext(str(language))},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("One option a line, in the same order in every language.")
                if code == settings.LANGUAGE_CODE
                else None,
            )
            self.initial[name] = "\n".join(
                getattr(option, f"label_{code}") or "" for option in options
            ).strip("\n")

    def clean(self):
        data = super().clean()
        lines = {}
        for code in LANGUAGES:
            text = data.get(f"options_{code}") or ""
            lines[code] = [line.strip() for line in text.splitlines()]
            if not any(lines[code]):
                lines[code] = []
        polish = [line for line in lines[settings.LANGUAGE_CODE] if line]
        if len(polish) != len(lines[settings.LANGUAGE_CODE]):
            self.add_error(f"options_{settings.LANGUAGE_CODE}", gettext("Remove the empty lines."))
        if len(polish) > OPTIONS_MAX:
            self.add_error(
                f"options_{settings.LANGUAGE_CODE}",
                gettext("A question has at most %(count)s options.") % {"count": OPTIONS_MAX},
            )
        for code in LANGUAGES:
            if any(len(line) > OPTION_LABEL_MAX for line in lines[code]):
                self.add_error(
                    f"options_{code}",
                    gettext("An option has at most %(count)s characters.")
                    % {"count": OPTION_LABEL_MAX},
                )
            if code != settings.LANGUAGE_CODE and lines[code] and len(lines[code]) != len(polish):
                self.add_error(
                    f"options_{code}",
                    gettext("Give as many options as in Polish, in the same order, or none."),
                )
        self.options_labels = [
            {
                f"label_{code}": (lines[code][index] if index < len(lines[code]) else "")
                for code in LANGUAGES
            }
            for index in range(len(polish))
        ]
        return data

    def question_data(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ResultsFilterForm(forms.Form):
    member_kind = forms.ChoiceField(label=_("Type of member"), required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_kind"].choices = [
            ("", _("Every type")),
            *((code, f"{label} ({count})") for code, label, count in kinds),
        ]

    def kind_value(self):
        return (self.cleaned_data.get("member_kind") or None) if self.is_valid() else None
