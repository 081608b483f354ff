# Skeleton: replaced by the issue that builds this app.
from django.shortcuts import render

from accounts.decorators import coordinator_required


@coordinator_required
def index(request):
    return render(request, "panel/events/index.html", {})
