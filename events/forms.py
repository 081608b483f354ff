"""Forms of the public event pages: registration answers, colleagues, guests."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.i18n import marked

from .models import EventQuestion

YES, NO = "yes", "no"
YES_NO_CHOICES = [(YES, _("Yes")), (NO, _("No"))]


def _question_field(question):
    label = marked(question, "label", also=["options"])
    if question.kind == EventQuestion.Kind.TEXT:
        return forms.CharField(label=label, required=question.required, max_length=500)
    if question.kind == EventQuestion.Kind.YES_NO:
        return forms.ChoiceField(
            label=label,
            required=question.required,
            choices=YES_NO_CHOICES,
            widget=forms.RadioSelect,
        )
    choices = [(str(index), option) for index, option in enumerate(question.option_list)]
    if not question.required:
        choices.insert(0, ("", "—"))
    return forms.ChoiceField(label=label, required=question.required, choices=choices)


def answer_display(question, value):
    """Return an answer as text in the current language."""
    if value is None or value == "":
        return ""
    if question.kind == EventQuestion.Kind.YES_NO:
        return str(_("Yes") if value else _("No"))
    if question.kind == EventQuestion.Kind.CHOICE:
        options = question.option_list
        return options[value] if isinstance(value, int) and 0 <= value < len(options) else ""
    return str(value)


class AnswersForm(forms.Form):
    """The event's own questions; `answers()` gives them as stored on a registration."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = _question_field(question)

    def answers(self):
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"question_{question.pk}")
            if value in (None, ""):
                continue
            if question.kind == EventQuestion.Kind.YES_NO:
                value = value == YES
            elif question.kind == EventQuestion.Kind.CHOICE:
                value = int(value)
            answers[str(question.pk)] = value
        return answers


class ColleagueRegistrationForm(AnswersForm):
    person = forms.ModelChoiceField(label=_("Colleague"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class GuestRegistrationForm(AnswersForm):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("We send a link there to confirm your registration.")
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=255, required=False)

    def guest(self):
        return {
            "first_name": self.cleaned_data["first_name"].strip(),
            "last_name": self.cleaned_data["last_name"].strip(),
            "email": self.cleaned_data["email"].strip().lower(),
            "organisation_name": self.cleaned_data["organisation_name"].strip(),
        }
