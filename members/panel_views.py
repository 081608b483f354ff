from django.shortcuts import render

from accounts.decorators import coordinator_required

from . import selectors


@coordinator_required
def dashboard(request):
    return render(request, "panel/dashboard.html", {"counts": selectors.dashboard_counts()})
