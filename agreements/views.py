"""Partnerships: the public network of agreements in force, and every agreement for members."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from core.storage import private_file_response
from members import roles
from members.decorators import member_required

from . import selectors
from .forms import AgreementFilterForm
from .network import network_layout

AGREEMENTS_PER_PAGE = 25


def _network():
    return network_layout(selectors.partners_in_force(), cluster_name=settings.CLUSTER_NAME)


@require_safe
def index(request):
    network = _network()
    return render(
        request,
        "agreements/index.html",
        {
            "agreements": selectors.agreements_in_force(),
            "network": network,
            "sees_every_agreement": roles.sees_members_only_content(request.user),
        },
    )


@require_safe
def network_svg(request):
    content = render_to_string(
        "agreements/_network_svg.html",
        {"network": _network(), "cluster_name": settings.CLUSTER_NAME},
        request=request,
    )
    return HttpResponse(content, content_type="image/svg+xml; charset=utf-8")


@require_safe
def partner(request, slug):
    found = selectors.partner_public(slug=slug)
    if found is None:
        raise Http404
    return render(request, "agreements/partner.html", {"partner": found})


# --- For members --------------------------------------------------------------------------------


def _agreement_or_404(pk):
    agreement = selectors.agreement_detail(pk=pk)
    if agreement is None:
        raise Http404
    return agreement


@member_required
@require_safe
def agreement_list(request):
    form = AgreementFilterForm(request.GET or None)
    agreements = selectors.agreements_filter(selectors.agreements_for_members(), **form.filters())
    page_obj = Paginator(agreements, AGREEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/agreement_list.html",
        {"form": form, "page_obj": page_obj, "is_filtered": bool(form.filters())},
    )


@member_required
@require_safe
def agreement_detail(request, pk):
    return render(request, "agreements/agreement_detail.html", {"agreement": _agreement_or_404(pk)})


@member_required
@require_safe
def agreement_scan(request, pk):
    agreement = _agreement_or_404(pk)
    return private_file_response(
        agreement.scan,
        filename=f"agreement-{agreement.pk}-signed.pdf",
        content_type="application/pdf",
    )


@member_required
@require_safe
def agreement_document(request, pk):
    agreement = _agreement_or_404(pk)
    return private_file_response(
        agreement.document, filename=f"agreement-{agreement.pk}.pdf", content_type="application/pdf"
    )
