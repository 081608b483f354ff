"""The Cluster Council's seats and terms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.panel import panel_render

from .. import selectors, services
from ..models import CouncilSeat
from ..panel_forms import (
    CouncilSeatEndForm,
    CouncilSeatForm,
)


@coordinator_required
@require_safe
def council_list(request):
    today = timezone.localdate()
    seats = list(selectors.council_seats_for_panel())
    return panel_render(
        request,
        "council_list.html",
        {
            "current_seats": [s for s in seats if s.term_end is None or s.term_end >= today],
            "past_seats": [s for s in seats if s.term_end is not None and s.term_end < today],
            "today": today,
        },
        section="council",
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def council_seat_add(request):
    form = CouncilSeatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.council_seat_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has a seat on the council.") % {"name": seat.person.full_name},
            )
            return redirect("panel:council_list")
    return panel_render(request, "council_seat_form.html", {"form": form}, section="council")


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def council_seat_end(request, pk):
    seat = get_object_or_404(CouncilSeat.objects.select_related("person__organisation"), pk=pk)
    form = CouncilSeatEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.council_seat_end(
                seat=seat, actor=request.user, term_end=form.cleaned_data["term_end"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The council term of %(name)s ends on %(date)s.")
                % {
                    "name": seat.person.full_name,
                    "date": date_format(form.cleaned_data["term_end"]),
                },
            )
            return redirect("panel:council_list")
    return panel_render(
        request, "council_seat_end.html", {"form": form, "seat": seat}, section="council"
    )
