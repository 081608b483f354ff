"""The search page: one box in every page's header sends its words here."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.page_cache import page_cache_exempt

from . import selectors
from .forms import SearchForm


@require_safe
@page_cache_exempt
def results(request):
    """Show what the visitor may open that matches the words, ranked, a kind at a time or all."""
    form = SearchForm(request.GET or None)
    query, kind = "", ""
    if form.is_bound and form.is_valid():
        query, kind = form.cleaned_data["q"].strip(), form.cleaned_data["kind"]
    found = selectors.search(
        user=request.user, query=query, kind=kind, page=request.GET.get("page")
    )
    return render(request, "search/results.html", {"form": form, "search": found})
