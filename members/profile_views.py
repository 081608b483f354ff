from django.shortcuts import render

from accounts.decorators import representative_required


@representative_required
def edit(request):
    return render(request, "members/my_organisation.html", {"organisation": request.organisation})
