# Skeleton: replaced by the issue that builds this app.
from django.shortcuts import render


def index(request):
    return render(request, "agreements/index.html", {})
