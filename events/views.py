# Skeleton: replaced by the issue that builds this app.
from django.shortcuts import render


def list(request):
    return render(request, "events/list.html", {})
