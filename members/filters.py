"""The panel's member list filters and sorting; its CSV and XLSX exports apply the same ones."""

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import selectors
from .models import ActionGroup, Organisation, Sector, Voivodeship

# The `sort` parameter accepts these keys, each optionally prefixed with "-" for descending.
SORT_FIELDS = {
    "name": pgettext_lazy("of a thing", "Name"),
    "city": _("City"),
    "status": _("Status"),
    "kind": _("Kind"),
    "joined_on": _("Joined on"),
}
SORT_CHOICES = [
    choice for key, label in SORT_FIELDS.items() for choice in ((key, label), (f"-{key}", label))
]


# Sorted in the order of their choices (the membership's course, the size of the organisation),
# which reads the same in every language, unlike the stored codes or the translated labels.
CHOICE_ORDERED = {"status": Organisation.Status, "kind": Organisation.Kind}


def _choice_position(field):
    choices = CHOICE_ORDERED[field]
    return Case(
        *(When(**{field: choice}, then=Value(index)) for index, choice in enumerate(choices)),
        output_field=IntegerField(),
    )


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name, short name, NIP (with or without dashes) or city."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Membership status"), choices=Organisation.Status.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All")
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        field_name="sectors",
        to_field_name="slug",
        queryset=Sector.objects.all(),
        empty_label=_("All"),
    )
    action_group = django_filters.ModelChoiceFilter(
        label=_("Action group"),
        field_name="action_groups",
        to_field_name="slug",
        queryset=ActionGroup.objects.all(),
        empty_label=_("All"),
    )
    voivodeship = django_filters.ChoiceFilter(
        label=_("Voivodeship"), choices=Voivodeship.choices, empty_label=_("All")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="sort_by", widget=forms.HiddenInput
    )

    class Meta:
        model = Organisation
        fields = []

    def search(self, queryset, name, value):
        return selectors.organisations_search(queryset, value)

    def sort_by(self, queryset, name, value):
        field = value.lstrip("-")
        expression = _choice_position(field) if field in CHOICE_ORDERED else F(field)
        if value.startswith("-"):
            order = expression.desc(nulls_last=True)
        else:
            order = expression.asc(nulls_last=True)
        return queryset.order_by(order, "name", "pk")

    @property
    def current_sort(self):
        """Return the sort key in force, "name" when none (or an unknown one) was asked for."""
        if not self.is_bound:
            return "name"
        self.form.is_valid()
        return self.form.cleaned_data.get("sort") or "name"


def organisations_filtered(params):
    """Return the filter set for the panel's member list and exports, applied to `params`."""
    return OrganisationFilter(
        params or None, queryset=selectors.organisations_for_panel().order_by("name", "pk")
    )
