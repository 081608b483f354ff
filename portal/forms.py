"""The panel's own forms."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoordinatorInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language of e-mails"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
