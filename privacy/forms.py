from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DataRequest


class RequestForm(forms.Form):
    """A request a coordinator received, for the address the person gave."""

    kind = forms.ChoiceField(label=_("The person asks for"), choices=DataRequest.Kind.choices)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("How the request came, e.g. “letter of 3 March”. No personal data."),
    )


class ErasureConfirmForm(forms.Form):
    email = forms.EmailField(
        label=_("Type the person's e-mail address again to confirm"), max_length=254
    )
    confirm = forms.BooleanField(
        label=_("I understand that the erasure cannot be undone."), required=True
    )

    def __init__(self, *args, expected_email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_email = expected_email.lower()

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if email != self.expected_email:
            raise forms.ValidationError(_("This is not the address of the request."))
        return email
