"""The search box: the words, and optionally the one kind of result to show."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .sources import sources
from .text import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=MAX_QUERY_LENGTH)
    kind = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Everything"))] + [
            (source.kind, source.label) for source in sources()
        ]
