"""Public pages of the member registry: the directory and each member's profile."""

from django.http import Http404
from django.shortcuts import render

from . import selectors
from .models import Organisation


def directory(request):
    return render(
        request, "members/directory.html", {"organisations": selectors.directory_organisations()}
    )


def profile(request, slug):
    try:
        organisation = selectors.directory_profile(slug=slug)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    return render(request, "members/profile.html", {"organisation": organisation})
