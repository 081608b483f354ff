"""Public pages of the member registry: the directory and each member's profile."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.i18n import fallback_language
from core.lazy import lazy_values

from . import selectors
from .models import Organisation
from .public_forms import DirectoryFilterForm
from .validators import keywords_list

DIRECTORY_PAGE_SIZE = 24


@require_safe
def directory(request):
    """List active members, searchable by name, city or keyword and filtered by sector, kind and
    the competences, markets and certifications they name."""

    def listing():
        form = DirectoryFilterForm(request.GET)
        valid = form.is_valid()
        filters = form.cleaned_data if valid else {}
        organisations = selectors.directory_filter(
            selectors.directory_organisations(),
            query=filters.get("q", ""),
            sector=filters.get("sector"),
            kind=filters.get("kind", ""),
            competences=form.chosen_competences() if valid else (),
        )
        page = Paginator(organisations, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
        return {
            "form": form,
            "page_obj": page,
            "organisations": page.object_list,
            "is_filtered": any(filters.values()),
        }

    return render(
        request,
        "members/directory.html",
        lazy_values(listing, "form", "page_obj", "organisations", "is_filtered"),
    )


@require_safe
def profile(request, slug):
    """Show an active member's public profile; anything else does not exist for the public."""
    try:
        organisation = selectors.directory_profile(slug=slug)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "members/profile.html",
        {
            "organisation": organisation,
            "description_fallback_language": fallback_language(organisation, ["description"])
            or None,
            "competence_groups": selectors.competences_grouped(organisation.competences.all()),
            "keywords": keywords_list(organisation.keywords),
        },
    )
