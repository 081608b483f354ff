"""The coordinator's webhooks: endpoints, their deliveries, a test event and a second try."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.panel import panel_render

from . import selectors, services
from .models import Delivery, Endpoint
from .panel_forms import EndpointForm

DELIVERIES_PER_PAGE = 50


@coordinator_required
@require_safe
def endpoint_list(request):
    return panel_render(
        request,
        "webhooks/endpoint_list.html",
        {"endpoints": selectors.endpoints_with_figures()},
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint_create(request):
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.endpoint_save(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The endpoint was added. Its signing secret is below."))
            return redirect("panel_webhooks:endpoint_detail", endpoint.pk)
    return panel_render(request, "webhooks/endpoint_form.html", {"form": form})


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint_edit(request, pk):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    initial = {field: getattr(endpoint, field) for field in services.ENDPOINT_FIELDS}
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.endpoint_save(actor=request.user, data=form.cleaned_data, endpoint=endpoint)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The endpoint was saved."))
            return redirect("panel_webhooks:endpoint_detail", endpoint.pk)
    return panel_render(
        request, "webhooks/endpoint_form.html", {"form": form, "endpoint": endpoint}
    )


@coordinator_required
@require_safe
def endpoint_detail(request, pk):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    deliveries = selectors.deliveries_of(endpoint=endpoint)
    page_obj = Paginator(deliveries, DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    return panel_render(
        request,
        "webhooks/endpoint_detail.html",
        {"endpoint": endpoint, "page_obj": page_obj},
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint_delete(request, pk):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    if request.method == "POST":
        services.endpoint_delete(endpoint=endpoint, actor=request.user)
        messages.success(request, _("The endpoint was deleted."))
        return redirect("panel_webhooks:endpoint_list")
    return panel_render(request, "webhooks/endpoint_delete.html", {"endpoint": endpoint})


@coordinator_required
@require_POST
def endpoint_secret_rotate(request, pk):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    services.endpoint_secret_rotate(endpoint=endpoint, actor=request.user)
    messages.success(request, _("The endpoint has a new signing secret: give it to the receiver."))
    return redirect("panel_webhooks:endpoint_detail", endpoint.pk)


@coordinator_required
@require_POST
def endpoint_ping(request, pk):
    endpoint = get_object_or_404(Endpoint, pk=pk)
    services.endpoint_ping(endpoint=endpoint, actor=request.user)
    messages.success(request, _("A test event is on its way; its delivery is listed below."))
    return redirect("panel_webhooks:endpoint_detail", endpoint.pk)


@coordinator_required
@require_POST
def delivery_resend(request, pk):
    delivery = get_object_or_404(Delivery, pk=pk)
    try:
        services.delivery_resend(delivery=delivery, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The delivery will be sent again."))
    return redirect("panel_webhooks:endpoint_detail", delivery.endpoint_id)
