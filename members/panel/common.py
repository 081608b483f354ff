"""What the registry's panel pages share: look-ups, sorting links and their constants."""

from django.shortcuts import get_object_or_404

from ..filters import SORT_FIELDS
from ..models import Organisation, Person

Status = Organisation.Status
MEMBERS_PER_PAGE = 25
AUDIT_ENTRIES_PER_PAGE = 25
IMPORT_SIGNING_SALT = "members.panel.import"
# A preview older than this must be uploaded again, so a forgotten tab cannot import stale data.
IMPORT_PREVIEW_MAX_AGE = 60 * 60


def _organisation_or_404(pk):
    return get_object_or_404(Organisation, pk=pk)


def _person_or_404(pk):
    return get_object_or_404(Person.objects.select_related("organisation"), pk=pk)


def _query_without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _sort_headers(request, current):
    """Return, per sortable column, the link that sorts by it and its `aria-sort` state."""
    headers = {}
    for key, label in SORT_FIELDS.items():
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if current == key else key
        headers[key] = {
            "label": label,
            "query": query.urlencode(),
            "aria_sort": {key: "ascending", f"-{key}": "descending"}.get(current),
        }
    return headers
