"""The response form: one field per question, built from the survey."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.i18n import fallback_language, marked

from .models import TEXT_ANSWER_MAX, Question


class ResponseForm(forms.Form):
    """Fields `q<id>`; none is required by the browser, so a partial draft can be saved; the
    service asks for the required answers on submission."""

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = []
        self.questions = {}
        for section in sections:
            names = []
            for question in section.questions.all():
                name = f"q{question.pk}"
                self.fields[name] = self._field(question)
                self.questions[name] = question
                names.append(name)
            self.sections.append((section, names))

    def _field(self, question):
        help_text = question.help_text
        kind = question.kind
        if kind == Question.Kind.SINGLE:
            field = forms.TypedChoiceField(
                choices=[(option.pk, option.label) for option in question.options.all()],
                coerce=int,
                widget=forms.RadioSelect,
            )
        elif kind == Question.Kind.MULTIPLE:
            field = forms.TypedMultipleChoiceField(
                choices=[(option.pk, option.label) for option in question.options.all()],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
            )
        elif kind == Question.Kind.SCALE:
            choices = []
            for point in question.scale_points():
                text = str(point)
                if point == question.scale_min and question.scale_min_label:
                    text = f"{point} – {question.scale_min_label}"
                elif point == question.scale_max and question.scale_max_label:
                    text = f"{point} – {question.scale_max_label}"
                choices.append((point, text))
            field = forms.TypedChoiceField(choices=choices, coerce=int, widget=forms.RadioSelect)
        elif kind == Question.Kind.NUMBER:
            field = forms.DecimalField(
                max_digits=14,
                decimal_places=2,
                min_value=question.number_min,
                max_value=question.number_max,
                localize=True,
            )
        else:
            field = forms.CharField(
                max_length=TEXT_ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 4})
            )
        field.required = False
        label = marked(question, "text")
        if question.required:
            label = format_html(
                '{} <span class="required-marker">({})</span>', label, gettext("required")
            )
        field.label = label
        field.help_text = help_text
        field.question_required = question.required
        field.fallback = fallback_language(question, ["text"])
        return field

    def grouped_fields(self):
        """The bound fields by section, in order, for the template."""
        return [(section, [self[name] for name in names]) for section, names in self.sections]

    def answers(self):
        """The answers by question id, with chosen options as objects of their question."""
        answers = {}
        for name, question in self.questions.items():
            value = self.cleaned_data.get(name)
            if question.has_options:
                options = {option.pk: option for option in question.options.all()}
                if question.kind == Question.Kind.SINGLE:
                    value = options.get(value) if value not in (None, "") else None
                else:
                    value = [options[pk] for pk in value or [] if pk in options]
            elif value == "":
                value = None
            answers[question.pk] = value
        return answers


SUBMIT_ACTIONS = {"draft": False, "submit": True}
SUBMIT_LABELS = {"draft": _("Save a draft"), "submit": _("Submit")}
