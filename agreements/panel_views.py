"""The coordinator panel for agreements and partners: record, negotiate, sign, end."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.audit import audit_entries_present, audit_trail_for
from core.forms import add_service_errors
from core.panel import panel_render

from . import selectors, services
from .forms import (
    AgreementFilterForm,
    AgreementForm,
    PartnerForm,
    PartyAddForm,
    PartyForm,
    ScanUploadForm,
    SignatureForm,
    TerminationForm,
)
from .models import Agreement, AgreementParty, Partner

Status = Agreement.Status
AGREEMENTS_PER_PAGE = 25
PARTNERS_PER_PAGE = 50
TRAIL_LENGTH = 30


def _agreement_or_404(pk):
    agreement = selectors.agreement_detail(pk=pk)
    if agreement is None:
        raise Http404
    return agreement


def _party_or_404(pk):
    return get_object_or_404(AgreementParty.objects.select_related("agreement", "partner"), pk=pk)


def _to_detail(agreement):
    return redirect("panel_agreements:agreement_detail", pk=agreement.pk)


# --- Agreements ---------------------------------------------------------------------------------


@coordinator_required
@require_safe
def index(request):
    form = AgreementFilterForm(request.GET or None)
    filters = form.filters()
    agreements = selectors.agreements_filter(selectors.agreements_for_panel(), **filters)
    page_obj = Paginator(agreements, AGREEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return panel_render(
        request,
        "agreements/index.html",
        {
            "form": form,
            "page_obj": page_obj,
            "is_filtered": bool(filters),
            "status_counts": selectors.status_counts(),
            "expiring": selectors.agreements_expiring(),
        },
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_create(request):
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                actor=request.user,
                data=form.service_data(),
                areas=form.cleaned_data["areas"],
                partners=form.cleaned_data["partners"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agreement is recorded as a draft."))
            return _to_detail(agreement)
    return panel_render(request, "agreements/agreement_form.html", {"form": form})


@coordinator_required
@require_safe
def agreement_detail(request, pk):
    agreement = _agreement_or_404(pk)
    trail = audit_entries_present(audit_trail_for(agreement)[:TRAIL_LENGTH])
    parties = list(agreement.parties.all())
    return panel_render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": parties,
            "trail": trail,
            "open_for_parties": agreement.status in services.OPEN_FOR_PARTIES,
            "awaiting": agreement.status == Status.AWAITING_SIGNATURES,
            "can_terminate": agreement.status not in services.FINAL_STATUSES,
            "declined": [party for party in parties if party.signature == "declined"],
        },
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_edit(request, pk):
    agreement = _agreement_or_404(pk)
    if agreement.status == Status.TERMINATED:
        messages.error(request, _("A terminated agreement cannot be changed."))
        return _to_detail(agreement)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                agreement=agreement,
                actor=request.user,
                data=form.service_data(),
                areas=form.cleaned_data["areas"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return _to_detail(agreement)
    return panel_render(
        request, "agreements/agreement_form.html", {"form": form, "agreement": agreement}
    )


def _transition(request, pk, service, success):
    agreement = _agreement_or_404(pk)
    try:
        service(agreement=agreement, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return _to_detail(agreement)


@coordinator_required
@require_POST
def agreement_negotiate(request, pk):
    return _transition(
        request,
        pk,
        services.agreement_negotiation_start,
        _("The agreement is in negotiation."),
    )


@coordinator_required
@require_POST
def agreement_send(request, pk):
    return _transition(
        request,
        pk,
        services.agreement_send_for_signature,
        _("The agreement is sent for signature. Record each party's signature as it comes."),
    )


@coordinator_required
@require_POST
def agreement_reopen(request, pk):
    return _transition(
        request,
        pk,
        services.agreement_negotiation_reopen,
        _("The agreement is back in negotiation; the signatures given so far have lapsed."),
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_terminate(request, pk):
    agreement = _agreement_or_404(pk)
    form = TerminationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_terminate(
                agreement=agreement,
                actor=request.user,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agreement is terminated."))
            return _to_detail(agreement)
    return panel_render(
        request, "agreements/agreement_terminate.html", {"form": form, "agreement": agreement}
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_scan_upload(request, pk):
    agreement = _agreement_or_404(pk)
    form = ScanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_scan_attach(
                agreement=agreement, actor=request.user, upload=form.cleaned_data["scan"]
            )
        except ValidationError as error:
            form.add_error("scan", error)
        else:
            messages.success(request, _("The signed scan is stored."))
            return _to_detail(agreement)
    return panel_render(
        request, "agreements/agreement_scan.html", {"form": form, "agreement": agreement}
    )


@coordinator_required
@require_POST
def agreement_document_refresh(request, pk):
    from .tasks import agreement_document_render

    agreement = _agreement_or_404(pk)
    agreement_document_render.delay(agreement.pk)
    messages.success(request, _("The PDF of the agreement is being prepared."))
    return _to_detail(agreement)


# --- Parties ------------------------------------------------------------------------------------


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def party_add(request, pk):
    agreement = _agreement_or_404(pk)
    form = PartyAddForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_add(agreement=agreement, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is a party to the agreement.")
                % {"name": form.cleaned_data["partner"].name},
            )
            return _to_detail(agreement)
    return panel_render(
        request, "agreements/party_form.html", {"form": form, "agreement": agreement}
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def party_edit(request, pk):
    party = _party_or_404(pk)
    form = PartyForm(
        request.POST or None,
        initial={
            "signatory_name": party.signatory_name,
            "signatory_position": party.signatory_position,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.party_update(party=party, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The signatory is saved."))
            return _to_detail(party.agreement)
    return panel_render(
        request,
        "agreements/party_form.html",
        {"form": form, "agreement": party.agreement, "party": party},
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def party_signature(request, pk):
    party = _party_or_404(pk)
    agreement = party.agreement
    if agreement.status != Status.AWAITING_SIGNATURES:
        messages.error(
            request, _("Signatures are recorded once the agreement is sent for signature.")
        )
        return _to_detail(agreement)
    form = SignatureForm(
        request.POST or None,
        initial={
            "signatory_name": party.signatory_name,
            "signatory_position": party.signatory_position,
            "signature": AgreementParty.Signature.SIGNED,
            "on": party.signature_date or agreement.signed_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.party_signature_record(party=party, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            agreement.refresh_from_db()
            if agreement.status == Status.IN_FORCE:
                messages.success(request, _("Every party has signed: the agreement is in force."))
            else:
                messages.success(
                    request, _("The signature of %(name)s is recorded.") % {"name": party.name}
                )
            return _to_detail(agreement)
    return panel_render(
        request,
        "agreements/party_signature.html",
        {"form": form, "agreement": agreement, "party": party},
    )


@coordinator_required
@require_POST
def party_remove(request, pk):
    party = _party_or_404(pk)
    try:
        services.party_remove(party=party, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(name)s is no longer a party to the agreement.") % {"name": party.name}
        )
    return _to_detail(party.agreement)


# --- Partners -----------------------------------------------------------------------------------


@coordinator_required
@require_safe
def partner_list(request):
    page_obj = Paginator(selectors.partners_for_panel(), PARTNERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return panel_render(request, "agreements/partner_list.html", {"page_obj": page_obj})


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def partner_create(request):
    form = PartnerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(actor=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is recorded.") % {"name": partner.name})
            return redirect("panel_agreements:partner_list")
    return panel_render(request, "agreements/partner_form.html", {"form": form})


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def partner_edit(request, pk):
    partner = get_object_or_404(Partner, pk=pk)
    form = PartnerForm(request.POST or None, request.FILES or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(partner=partner, actor=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("panel_agreements:partner_list")
    return panel_render(request, "agreements/partner_form.html", {"form": form, "partner": partner})
