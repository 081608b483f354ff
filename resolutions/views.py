# Skeleton: replaced by the issue that builds this app.
from django.shortcuts import render


def register(request):
    return render(request, "resolutions/register.html", {})
